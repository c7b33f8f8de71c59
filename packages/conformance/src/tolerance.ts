/**
 * Tolerances, derived ONLY from the backend's declared precision, the dtype a
 * result was computed in, the number of terms accumulated per output element
 * (k) and the magnitude of the inputs. No case chooses or loosens its own.
 *
 * Let ε be the machine epsilon of the arithmetic really used:
 *   - float64 tensors on a 'float64' backend: ε = 2^-52
 *   - float32 tensors, or any float tensor on a 'float32' backend: ε = 2^-23
 *   - any float tensor on a 'reduced' backend (e.g. WebGL mediump): ε = 2^-10
 *     (the GLSL ES mediump guarantee)
 * Then, comparing an output against the float64 reference computed from the
 * same (stored) inputs:
 *   rtol = C · ε · sqrt(max(k, 1))
 *   atol = rtol · max(1, S)       S = largest finite |input| of the check
 *   pass iff |actual − expected| <= atol + rtol · |expected|
 * with C = 8 (a few ulps for each rounding step of a short composition; sqrt(k)
 * is the random-walk growth of rounding error over a k-term accumulation).
 * Over many equal terms the roundings of one accumulator do not cancel (~k·ε):
 * backends add long sums in blocks or trees, and `size/reduce/sum-mean-same-sign`
 * holds them to it.
 * The S term is the classical error model: an op's rounding error is
 * proportional to its inputs (x − logsumexp(x) at x ≈ 1000 is only known to
 * ~1000·ε absolutely), not to its output.
 *
 * A check may instead give every output element its own error scale
 * (`NumericCheck.scale`), used without the floor of 1:
 *   atol_i = rtol · scale_i
 * Two error models use it: (1) the magnitude of the inputs element i is
 * computed from, e.g. max(1, largest |logit| of its own row), so a row of
 * ±1000 logits does not loosen the tolerance of an ordinary row beside it;
 * (2) outputs whose rounding error is relative to themselves, e.g. softmax
 * y_i = exp(x_i − max)/Σ, whose error is ~ε·y_i·(|x_i − max| + …):
 * scale_i = y_i · max(1, S_row). Without (2) a 1e-3 relative error in the
 * ~1e-3 outputs of a 1000-long softmax row hides under atol = rtol·S.
 *
 * Gradients by central finite differences (core `gradcheck`, float64) have a
 * different error model: with step h = ε^(1/3) the truncation (h²) and
 * cancellation (ε/h) errors balance at ~ε^(2/3), so
 *   atol = rtol = C_FD · ε^(2/3) · max(1, S),   C_FD = 1000   (≈ 4e-8 for float64)
 * Integer and bool results must match exactly.
 */
import type { DType, Precision } from '@polygrad/core';

/** The constant C in rtol = C · ε · √max(k, 1) (see the module comment). */
export const C_TOLERANCE = 8;
/** The constant C_FD in the finite-difference tolerance C_FD · ε^(2/3) · max(1, S). */
export const C_FINITE_DIFFERENCE = 1000;

/** An absolute and a relative tolerance: a value passes iff |actual − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/** Machine epsilon of the arithmetic a backend of `precision` uses for tensors of `dtype`; 0 for exact dtypes. */
export function machineEpsilon(precision: Precision, dtype: DType): number {
  if (dtype === 'int32' || dtype === 'bool') return 0;
  if (precision === 'reduced') return 2 ** -10;
  if (precision === 'float32' || dtype === 'float32') return 2 ** -23;
  return 2 ** -52;
}

/** The largest finite magnitude among `inputs` (0 when there are none). */
export function inputScale(inputs: readonly ArrayLike<number>[] | undefined): number {
  let s = 0;
  for (const arr of inputs ?? []) {
    for (let i = 0; i < arr.length; i++) {
      const v = Math.abs(arr[i]);
      if (Number.isFinite(v) && v > s) s = v;
    }
  }
  return s;
}

/** Tolerance for comparing a backend result with the float64 reference. */
export function tolerance(precision: Precision, dtype: DType, k = 1, scale = 0): Tolerance {
  const eps = machineEpsilon(precision, dtype);
  const rtol = C_TOLERANCE * eps * Math.sqrt(Math.max(k, 1));
  return { rtol, atol: rtol * Math.max(1, scale) };
}

/** atol for one element with its own error scale (`NumericCheck.scale`): rtol · scale, no floor. */
export function elementAtol(precision: Precision, dtype: DType, k: number, scale: number): number {
  return tolerance(precision, dtype, k).rtol * Math.abs(scale);
}

/** Step for central finite differences: ε^(1/3). */
export function finiteDifferenceStep(precision: Precision, dtype: DType): number {
  return Math.cbrt(machineEpsilon(precision, dtype) || 2 ** -52);
}

/** Tolerance for autograd vs central finite differences. */
export function finiteDifferenceTolerance(precision: Precision, dtype: DType, scale = 0): Tolerance {
  const eps = machineEpsilon(precision, dtype) || 2 ** -52;
  const t = C_FINITE_DIFFERENCE * eps ** (2 / 3) * Math.max(1, scale);
  return { atol: t, rtol: t };
}
