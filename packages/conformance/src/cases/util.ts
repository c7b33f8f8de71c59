/** Helpers shared by the case files: run ops under tidy and read back, build checks, gradient checks. */
import {
  type DType,
  dispose,
  gradcheck,
  type KernelName,
  type Tensor,
  tidy,
  zerosLike,
} from '@polygrad/core';
import { weights } from '../data.js';
import type { NDArray } from '../reference/ndarray.js';
import type {
  BooleanCheck,
  CaseContext,
  CaseOutcome,
  Category,
  Check,
  ConformanceCase,
  FloatDType,
  NumericCheck,
} from '../types.js';

export const BOTH: readonly FloatDType[] = ['float32', 'float64'];

type Values = NDArray | ArrayLike<number>;
const valuesOf = (v: Values): ArrayLike<number> => ('data' in v && 'shape' in v ? v.data : v);

export function defineCase(
  name: string,
  kernel: KernelName,
  category: Category,
  run: (ctx: CaseContext) => CaseOutcome | Promise<CaseOutcome>,
  dtypes: readonly FloatDType[] = BOTH,
): ConformanceCase {
  return { name, kernel, category, dtypes, run };
}

export function numeric(
  label: string,
  actual: ArrayLike<number>,
  expected: Values,
  dtype: DType,
  opts: { k?: number; inputs?: readonly Values[]; scale?: ArrayLike<number> } = {},
): NumericCheck {
  return {
    kind: 'numeric',
    label,
    actual,
    expected: valuesOf(expected),
    dtype,
    k: opts.k,
    inputs: opts.inputs?.map(valuesOf),
    scale: opts.scale,
  };
}

const memoized = new Map<string, unknown>();

/**
 * The reference result for `key`, computed once per process: size-tier
 * references (e.g. a 128×784×256 float64 product) are pure functions of the
 * case's seeds, shapes and dtype, so every backend run reuses them. `key` must
 * name all of those.
 */
export function memo<T>(key: string, compute: () => T): T {
  if (!memoized.has(key)) memoized.set(key, compute());
  return memoized.get(key) as T;
}

export function bool(label: string, ok: boolean, message: string): BooleanCheck {
  return { kind: 'boolean', label, ok, message };
}

/** Run `build` under tidy (so intermediates are freed), read every returned tensor, then free them. */
export async function evaluate(
  ctx: CaseContext,
  build: () => Tensor | readonly Tensor[],
): Promise<Float64Array[]> {
  const outs = tidy(() => {
    const r = build();
    return Array.isArray(r) ? [...(r as readonly Tensor[])] : [r as Tensor];
  });
  try {
    return await Promise.all(outs.map((t) => ctx.read(t)));
  } finally {
    dispose(outs);
  }
}

/** Upload a reference array to the backend (at the run's dtype unless given). */
export function up(ctx: CaseContext, x: NDArray, dtype?: DType): Tensor {
  return ctx.tensor(x.data, x.shape, dtype);
}

/** The error a function throws, or null. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return null;
  } catch (e) {
    return e;
  }
}

/** A check that `fn` throws an instance of `cls`. */
export function throwsCheck(
  label: string,
  fn: () => unknown,
  cls: abstract new (...args: never[]) => Error,
): BooleanCheck {
  const e = thrown(fn);
  const ok = e instanceof cls;
  const got = e === null ? 'nothing was thrown' : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return bool(label, ok, `expected ${cls.name}; got ${got}`);
}

export interface GradSpec {
  readonly label: string;
  /** Differentiable inputs (stored at the run's dtype). */
  readonly inputs: readonly NDArray[];
  /** The op under test; may create constant tensors (indices, labels) with `ctx.tensor`. */
  readonly fn: (xs: readonly Tensor[], ctx: CaseContext) => Tensor;
  readonly forward: (xs: readonly NDArray[]) => NDArray;
  /** Reference vector-Jacobian product: the gradient of Σ dy·f(xs) for each input. */
  readonly vjp: (dy: NDArray, xs: readonly NDArray[]) => readonly NDArray[];
  /** Accumulation length of the forward/backward (tolerance). */
  readonly k?: number;
  /** Accumulation length of each input's gradient, when it differs from `k` (e.g. dW of a linear layer sums over the batch). */
  readonly gradK?: readonly number[];
  /** Skip the finite-difference check (functions with kinks at the inputs, or too many elements to perturb one by one). */
  readonly noFiniteDifferences?: boolean;
  /**
   * Per-element error scales (see `NumericCheck.scale`) for each input's
   * gradient and optionally the forward output, given the projection weights `dy`.
   */
  readonly scale?: (dy: NDArray) => { forward?: ArrayLike<number>; grads: readonly ArrayLike<number>[] };
}

/**
 * Forward vs reference, autograd vs the reference's analytic gradient (every
 * dtype) and, for float64 on a synchronously readable backend, autograd vs
 * core `gradcheck` central differences in float64.
 */
export async function gradientChecks(ctx: CaseContext, spec: GradSpec): Promise<Check[]> {
  const yRef = spec.forward(spec.inputs);
  const dy = weights(yRef.shape, 7, ctx.dtype);
  const outs = tidy(() => {
    const leaves = spec.inputs.map((x) => {
      const t = up(ctx, x);
      t.requiresGrad = true;
      return t;
    });
    const y = spec.fn(leaves, ctx);
    y.backward(up(ctx, dy, y.dtype));
    const grads = leaves.map((l) => {
      const g = l.grad ?? zerosLike(l);
      l.grad = null;
      return g;
    });
    return [y, ...grads];
  });
  let values: Float64Array[];
  try {
    values = await Promise.all(outs.map((t) => ctx.read(t)));
  } finally {
    dispose(outs);
  }
  const inputs = [...spec.inputs, dy];
  const k = spec.k ?? 1;
  const scale = spec.scale?.(dy);
  const checks: Check[] = [
    numeric(`${spec.label} forward`, values[0], yRef, ctx.dtype, { k, inputs, scale: scale?.forward }),
  ];
  const expected = spec.vjp(dy, spec.inputs);
  expected.forEach((g, i) => {
    checks.push(
      numeric(`${spec.label} d/dinput${i} (autograd vs analytic float64)`, values[i + 1], g, ctx.dtype, {
        k: spec.gradK?.[i] ?? k,
        inputs,
        scale: scale?.grads[i],
      }),
    );
  });
  if (ctx.dtype === 'float64' && ctx.backend.readSync && !spec.noFiniteDifferences) {
    checks.push({
      kind: 'gradcheck',
      label: `${spec.label} (autograd vs central differences)`,
      dtype: 'float64',
      inputs: spec.inputs.map((x) => x.data),
      evaluate: (step, tol) => {
        const ts = spec.inputs.map((x) => up(ctx, x, 'float64'));
        try {
          return gradcheck((...xs) => spec.fn(xs, ctx), ts, { eps: step, atol: tol.atol, rtol: tol.rtol });
        } finally {
          dispose(ts);
        }
      },
    });
  }
  return checks;
}

/** The largest |value| of each row of a [rows, cols] array (rank ≥ 1: the last axis is the row). */
export function rowMagnitudes(x: NDArray): Float64Array {
  const cols = x.shape[x.shape.length - 1] ?? 1;
  const rows = cols === 0 ? 0 : x.data.length / cols;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let m = 0;
    for (let j = 0; j < cols; j++) {
      const v = Math.abs(x.data[r * cols + j]);
      if (Number.isFinite(v) && v > m) m = v;
    }
    out[r] = m;
  }
  return out;
}

/** Per-element error scales for a [rows, cols] output: every element of row r gets max(`perRow[r]`, `floor`). */
export function rowScale(perRow: ArrayLike<number>, cols: number, floor = 1): Float64Array {
  const out = new Float64Array(perRow.length * cols);
  for (let r = 0; r < perRow.length; r++) out.fill(Math.max(perRow[r], floor), r * cols, (r + 1) * cols);
  return out;
}

/** The elements of the listed rows of a row-major [rows, cols] array. */
export function pickRows(values: ArrayLike<number>, rows: readonly number[], cols: number): Float64Array {
  const out = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    for (let j = 0; j < cols; j++) out[i * cols + j] = values[r * cols + j];
  });
  return out;
}
