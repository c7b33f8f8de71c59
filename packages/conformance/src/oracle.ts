/**
 * A second reference for forward values: the same case run on an oracle
 * backend (e.g. TF.js's kernels through @polygrad/backend-tfjs), its values
 * compared with the backend under test's, beside the float64 reference.
 */
import { evaluateChecks } from './evaluate.js';
import type { CaseContext, Category, Check, ConformanceCase, NumericCheck, OracleOutcome } from './types.js';

/** The categories whose checks are forward values (the oracle has nothing to say about leaks, errors or gradients). */
export const ORACLE_CATEGORIES: readonly Category[] = [
  'forward',
  'broadcast',
  'transposed',
  'stability',
  'nan-inf',
  'empty',
  'int32',
  'fused-vs-composition',
];

/** `'tfjs'` names TF.js's cpu backend as registered by @polygrad/backend-tfjs; any other name is a registered backend. */
export function oracleBackendName(oracle: string): string {
  return oracle === 'tfjs' ? 'tfjs-cpu' : oracle;
}

function unavailable(backend: string, why: string): OracleOutcome {
  return {
    backend,
    status: 'unavailable',
    passed: true,
    matchesReference: true,
    maxAbsError: 0,
    maxRelError: 0,
    message: why,
  };
}

/** Run `c` on the oracle and compare each numeric check of the backend under test (`mine`) with the oracle's. */
export async function compareWithOracle(
  c: ConformanceCase,
  mine: readonly Check[],
  oracle: CaseContext,
  precision: CaseContext['precision'],
): Promise<OracleOutcome | undefined> {
  if (!ORACLE_CATEGORIES.includes(c.category)) return undefined;
  const name = oracle.backendName;
  if (!oracle.backend.dtypes.includes(oracle.dtype)) {
    return unavailable(name, `oracle '${name}' does not store ${oracle.dtype}`);
  }
  const gap = c.requires?.(oracle.backend) ?? null;
  if (gap !== null) return unavailable(name, `oracle '${name}' lacks a capability the case needs: ${gap}`);
  let theirs: readonly Check[];
  try {
    const outcome = await c.run(oracle);
    if ('skip' in outcome) return unavailable(name, `skipped on oracle '${name}': ${outcome.skip}`);
    theirs = outcome;
  } catch (e) {
    return unavailable(name, `threw on oracle '${name}': ${e instanceof Error ? e.message : String(e)}`);
  }
  // Where the oracle and the float64 reference disagree, one of them is wrong: the comparison still
  // counts (a backend that sides with the reference against TF.js fails, so the reference gets looked at).
  const own = evaluateChecks(theirs, oracle.precision);
  const a = mine.filter((k): k is NumericCheck => k.kind === 'numeric');
  const b = theirs.filter((k): k is NumericCheck => k.kind === 'numeric');
  if (a.length === 0) return unavailable(name, 'the case has no numeric checks');
  if (a.length !== b.length || a.some((k, i) => k.label !== b[i].label)) {
    return unavailable(name, `oracle '${name}' produced different checks (the case depends on the backend)`);
  }
  const pairs: NumericCheck[] = a.map((k, i) => ({
    ...k,
    label: `${k.label} vs oracle ${name}`,
    expected: b[i].actual,
    referencePrecision: oracle.precision,
  }));
  const ev = evaluateChecks(pairs, precision);
  const note = own.passed
    ? ''
    : `\n(the oracle itself disagrees with the float64 reference here: one of the two is wrong: ${own.message})`;
  return {
    backend: name,
    status: 'compared',
    passed: ev.passed,
    matchesReference: own.passed,
    maxAbsError: ev.maxAbsError,
    maxRelError: ev.maxRelError,
    message: ev.passed ? '' : `${ev.message}${note}`,
  };
}
