/** Runs cases against a registered backend and summarises the results. */
import {
  type Backend,
  BackendError,
  declineReason,
  hasCoreFallback,
  initBackend,
  type KernelName,
} from '@polygrad/core';
import { listCases } from './cases/index.js';
import { createContext, DEFAULT_NUM_RUNS, DEFAULT_SEED, otherBackends } from './context.js';
import { evaluateChecks } from './evaluate.js';
import { compareWithOracle, oracleBackendName } from './oracle.js';
import type {
  CaseContext,
  CaseOutcome,
  CaseResult,
  ConformanceCase,
  ConformanceReport,
  FloatDType,
  RunOptions,
} from './types.js';

/** How `runCase` runs one case: the float dtype, and the seed and number of runs of property-based cases. */
export interface RunCaseOptions {
  readonly dtype: FloatDType;
  readonly seed?: number;
  readonly numRuns?: number;
  /** A registered backend to compare forward values with, beside the float64 reference (see RunOptions.oracle). */
  readonly oracle?: string;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

const contexts = new Map<string, Promise<CaseContext>>();

async function contextFor(
  backendName: string,
  dtype: FloatDType,
  seed: number,
  numRuns: number,
): Promise<CaseContext> {
  const key = `${backendName}|${dtype}|${seed}|${numRuns}`;
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = (async () => {
      const backend = await initBackend(backendName);
      return createContext(backend, dtype, await otherBackends(backendName), seed, numRuns);
    })();
    contexts.set(key, ctx);
    ctx.catch(() => contexts.delete(key));
  }
  return ctx;
}

/** Run one case on `backendName` at `dtype`. Never throws for a failing case: the result says why. */
export async function runCase(
  backendName: string,
  c: ConformanceCase,
  opts: RunCaseOptions,
): Promise<CaseResult> {
  const start = now();
  const base = { name: c.name, kernel: c.kernel, category: c.category, dtype: opts.dtype };
  const done = (
    r: Omit<CaseResult, 'name' | 'kernel' | 'category' | 'dtype' | 'durationMs' | 'status' | 'declined'>,
  ): CaseResult => ({
    ...base,
    ...r,
    status: r.skipped ? 'skipped' : r.passed ? 'passed' : 'failed',
    declined: false,
    durationMs: now() - start,
  });
  const empty = { maxAbsError: 0, maxRelError: 0, atol: 0, rtol: 0 };
  const ctx = await contextFor(
    backendName,
    opts.dtype,
    opts.seed ?? DEFAULT_SEED,
    opts.numRuns ?? DEFAULT_NUM_RUNS,
  );
  if (!ctx.backend.dtypes.includes(opts.dtype)) {
    return done({
      ...empty,
      passed: true,
      skipped: true,
      message: `skipped: backend '${backendName}' does not store ${opts.dtype}`,
    });
  }
  if (!c.dtypes.includes(opts.dtype)) {
    return done({
      ...empty,
      passed: true,
      skipped: true,
      message: `skipped: case runs only for ${c.dtypes.join(', ')}`,
    });
  }
  const capabilityGap = c.requires?.(ctx.backend) ?? null;
  if (capabilityGap !== null) {
    return { ...done({ ...empty, passed: true, skipped: false, message: '' }), ...declined(capabilityGap) };
  }
  const decline = kernelDecline(ctx.backend, c, opts.dtype);
  if (decline !== null && !hasCoreFallback(c.kernel)) {
    return done({
      ...empty,
      passed: false,
      skipped: false,
      message: `${c.name} [${opts.dtype}]: backend '${backendName}' declines the primitive kernel '${c.kernel}' (${decline}) for a dtype it lists as supported; core has no fallback for it`,
    });
  }
  const result = await runOutcome(backendName, c, ctx, opts, done, empty);
  // A declined kernel with a core fallback: the case ran on the fallback and must pass; it is then reported as declined.
  if (decline !== null && result.passed && !result.skipped) {
    return {
      ...result,
      ...declined(
        `${decline} (core's ${c.kernel === 'random' ? 'host generator' : 'composition'} ran and passed)`,
      ),
    };
  }
  return result;
}

function declined(
  reason: string,
): Pick<CaseResult, 'status' | 'declined' | 'passed' | 'skipped' | 'message'> {
  return { status: 'declined', declined: true, passed: true, skipped: false, message: `declined: ${reason}` };
}

/** The backend's declared reason for declining this case's kernel at the run dtype (or at int32 for int32 cases). */
function kernelDecline(backend: Backend, c: ConformanceCase, dtype: FloatDType): string | null {
  return (
    declineReason(backend, c.kernel, dtype) ??
    (c.category === 'int32' ? declineReason(backend, c.kernel, 'int32') : null)
  );
}

async function runOutcome(
  backendName: string,
  c: ConformanceCase,
  ctx: CaseContext,
  opts: RunCaseOptions,
  done: (
    r: Omit<CaseResult, 'name' | 'kernel' | 'category' | 'dtype' | 'durationMs' | 'status' | 'declined'>,
  ) => CaseResult,
  empty: { maxAbsError: number; maxRelError: number; atol: number; rtol: number },
): Promise<CaseResult> {
  let outcome: CaseOutcome;
  try {
    outcome = await c.run(ctx);
  } catch (e) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return done({
      ...empty,
      passed: false,
      skipped: false,
      message: `${c.name} [${opts.dtype}] threw ${msg}`,
    });
  }
  if ('skip' in outcome)
    return done({ ...empty, passed: true, skipped: true, message: `skipped: ${outcome.skip}` });
  if (outcome.length === 0)
    return done({ ...empty, passed: false, skipped: false, message: `${c.name}: the case made no checks` });
  const ev = evaluateChecks(outcome, ctx.precision);
  const oracle = opts.oracle
    ? await compareWithOracle(
        c,
        outcome,
        await contextFor(
          oracleBackendName(opts.oracle),
          opts.dtype,
          opts.seed ?? DEFAULT_SEED,
          opts.numRuns ?? DEFAULT_NUM_RUNS,
        ),
        ctx.precision,
      )
    : undefined;
  const oracleFailed = oracle?.status === 'compared' && !oracle.passed;
  const messages = [
    ev.passed ? '' : ev.message,
    oracleFailed ? `disagrees with oracle '${oracle.backend}':\n${oracle.message}` : '',
  ].filter((m) => m !== '');
  const result = done({
    passed: ev.passed && !oracleFailed,
    skipped: false,
    maxAbsError: ev.maxAbsError,
    maxRelError: ev.maxRelError,
    atol: ev.atol,
    rtol: ev.rtol,
    toleranceUsed: ev.toleranceUsed,
    message:
      messages.length === 0
        ? ''
        : `${c.name} [${opts.dtype}, backend ${backendName}, precision ${ctx.precision}] failed:\n${messages.join('\n')}`,
  });
  return oracle ? { ...result, oracle } : result;
}

/** Run every selected case (sequentially: cases check memory) and summarise. */
export async function runConformance(
  backendName: string,
  options: RunOptions = {},
): Promise<ConformanceReport> {
  const dtype = options.dtype ?? 'float32';
  const start = now();
  const backend = await initBackend(backendName);
  const oracle = options.oracle === undefined ? undefined : oracleBackendName(options.oracle);
  if (oracle !== undefined) await initOracle(backendName, oracle);
  const results: CaseResult[] = [];
  const cases = listCases(options);
  for (const c of cases) {
    const r = await runCase(backendName, c, { dtype, seed: options.seed, numRuns: options.numRuns, oracle });
    results.push(r);
    await options.onResult?.(r, results.length, cases.length);
  }
  const byCategory: Record<string, { passed: number; failed: number; skipped: number; declined: number }> =
    {};
  const failingKernels = new Set<KernelName>();
  let worstRel: { name: string; value: number } | null = null;
  let worstAbs: { name: string; value: number } | null = null;
  for (const r of results) {
    byCategory[r.category] ??= { passed: 0, failed: 0, skipped: 0, declined: 0 };
    const cat = byCategory[r.category];
    if (r.skipped) cat.skipped++;
    else if (r.declined) cat.declined++;
    else if (r.passed) cat.passed++;
    else {
      cat.failed++;
      failingKernels.add(r.kernel);
    }
    if (!worstRel || r.maxRelError > worstRel.value) worstRel = { name: r.name, value: r.maxRelError };
    if (!worstAbs || r.maxAbsError > worstAbs.value) worstAbs = { name: r.name, value: r.maxAbsError };
  }
  const skipped = results.filter((r) => r.skipped).length;
  const declinedCount = results.filter((r) => r.declined).length;
  const failed = results.filter((r) => !r.passed).length;
  return {
    summary: {
      backend: backendName,
      precision: backend.precision,
      dtype,
      total: results.length,
      passed: results.length - failed - skipped - declinedCount,
      failed,
      skipped,
      declined: declinedCount,
      byCategory,
      failingKernels: [...failingKernels],
      worstRelError: worstRel,
      worstAbsError: worstAbs,
      durationMs: now() - start,
      ...(oracle === undefined ? {} : { oracle: oracleSummary(oracle, results) }),
    },
    results,
  };
}

/** The oracle must be another backend that initialises; say how to get TF.js's when it is missing. */
async function initOracle(backendName: string, oracle: string): Promise<void> {
  if (oracle === backendName) {
    throw new BackendError(
      'runConformance',
      `oracle '${oracle}' is the backend under test; expected another backend`,
    );
  }
  try {
    await initBackend(oracle);
  } catch (e) {
    const hint = oracle.startsWith('tfjs-')
      ? ` (import '@polygrad/backend-tfjs' with '@tensorflow/tfjs-backend-${oracle.slice(5)}' installed to register it)`
      : '';
    throw new BackendError(
      'runConformance',
      `oracle '${oracle}' cannot run${hint}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

function oracleSummary(
  backend: string,
  results: readonly CaseResult[],
): { backend: string; compared: number; failed: number; unavailable: number } {
  const withOracle = results.filter((r) => r.oracle !== undefined);
  return {
    backend,
    compared: withOracle.filter((r) => r.oracle?.status === 'compared').length,
    failed: withOracle.filter((r) => r.oracle?.status === 'compared' && !r.oracle.passed).length,
    unavailable: withOracle.filter((r) => r.oracle?.status === 'unavailable').length,
  };
}

export { evaluateChecks };
