/** Judging checks: element-wise comparison with the tolerance from tolerance.ts. */
import type { Precision } from '@polygrad/core';
import { finiteDifferenceStep, finiteDifferenceTolerance, inputScale, tolerance } from './tolerance.js';
import type { Check, Evaluation, NumericCheck } from './types.js';

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(6) : String(v);
}

interface Verdict {
  passed: boolean;
  maxAbs: number;
  maxRel: number;
  atol: number;
  rtol: number;
  /** max over elements of |err| / (atol + rtol |expected|): > 1 fails. */
  ratio: number;
  message: string;
}

function numeric(c: NumericCheck, precision: Precision): Verdict {
  const scale = inputScale(c.inputs);
  let { atol, rtol } = tolerance(precision, c.dtype, c.k ?? 1, scale);
  if (c.referencePrecision) {
    const ref = tolerance(c.referencePrecision, c.dtype, c.k ?? 1, scale);
    atol += ref.atol;
    rtol += ref.rtol;
  }
  const v: Verdict = { passed: true, maxAbs: 0, maxRel: 0, atol, rtol, ratio: 0, message: '' };
  if (c.actual.length !== c.expected.length) {
    return {
      ...v,
      passed: false,
      ratio: Infinity,
      message: `${c.label}: got ${c.actual.length} elements, expected ${c.expected.length}`,
    };
  }
  let firstBad = -1;
  for (let i = 0; i < c.expected.length; i++) {
    const a = c.actual[i];
    const e = c.expected[i];
    let bad = false;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      bad = !(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)));
      if (bad) v.ratio = Infinity;
    } else if (!Number.isFinite(a)) {
      bad = true;
      v.ratio = Infinity;
    } else {
      const err = Math.abs(a - e);
      const bound = atol + rtol * Math.abs(e);
      if (err > v.maxAbs) v.maxAbs = err;
      if (e !== 0 && err / Math.abs(e) > v.maxRel) v.maxRel = err / Math.abs(e);
      const r = bound > 0 ? err / bound : err > 0 ? Infinity : 0;
      if (r > v.ratio) v.ratio = r;
      bad = !(err <= bound);
    }
    if (bad && firstBad < 0) firstBad = i;
  }
  if (firstBad >= 0) {
    const a = c.actual[firstBad];
    const e = c.expected[firstBad];
    v.passed = false;
    v.message =
      `${c.label}: element ${firstBad} got ${fmt(a)}, expected ${fmt(e)} (|err| ${fmt(Math.abs(a - e))}); ` +
      `max abs error ${fmt(v.maxAbs)}, max rel error ${fmt(v.maxRel)}; tolerance atol ${fmt(atol)}, rtol ${fmt(rtol)} ` +
      `(precision ${precision}, dtype ${c.dtype}, k ${c.k ?? 1})`;
  }
  return v;
}

function judge(c: Check, precision: Precision): Verdict {
  switch (c.kind) {
    case 'numeric':
      return numeric(c, precision);
    case 'boolean':
      return {
        passed: c.ok,
        maxAbs: 0,
        maxRel: 0,
        atol: 0,
        rtol: 0,
        ratio: c.ok ? 0 : Infinity,
        message: c.ok ? '' : `${c.label}: ${c.message}`,
      };
    case 'gradcheck': {
      const tol = finiteDifferenceTolerance(precision, c.dtype, inputScale(c.inputs));
      const r = c.evaluate(finiteDifferenceStep(precision, c.dtype), tol);
      const w = r.worst;
      const ratio = w ? Math.abs(w.analytic - w.numeric) / (tol.atol + tol.rtol * Math.abs(w.numeric)) : 0;
      return {
        passed: r.ok,
        maxAbs: r.maxAbsError,
        maxRel: r.maxRelError,
        atol: tol.atol,
        rtol: tol.rtol,
        ratio: r.ok ? ratio : Math.max(ratio, 1 + 1e-9),
        message: r.ok
          ? ''
          : `${c.label}: autograd vs central differences: max abs error ${fmt(r.maxAbsError)}, max rel error ${fmt(r.maxRelError)}` +
            (w
              ? ` (input ${w.input} element ${w.index}: analytic ${fmt(w.analytic)}, numeric ${fmt(w.numeric)})`
              : '') +
            `; tolerance atol ${fmt(tol.atol)}, rtol ${fmt(tol.rtol)} (precision ${precision}, dtype ${c.dtype})`,
      };
    }
  }
}

/** Judge every check; the reported tolerance is the one of the check closest to (or furthest past) failing. */
export function evaluateChecks(checks: readonly Check[], precision: Precision): Evaluation {
  let passed = true;
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: Verdict | null = null;
  const messages: string[] = [];
  for (const c of checks) {
    const v = judge(c, precision);
    passed &&= v.passed;
    maxAbsError = Math.max(maxAbsError, v.maxAbs);
    maxRelError = Math.max(maxRelError, v.maxRel);
    if (!v.passed) messages.push(v.message);
    if (c.kind !== 'boolean' && (!worst || v.ratio > worst.ratio)) worst = v;
  }
  return {
    passed,
    maxAbsError,
    maxRelError,
    atol: worst?.atol ?? 0,
    rtol: worst?.rtol ?? 0,
    toleranceUsed: worst?.ratio ?? 0,
    message:
      messages.slice(0, 5).join('\n') +
      (messages.length > 5 ? `\n... and ${messages.length - 5} more failing checks` : ''),
  };
}
