import type { Backend } from '../backend/backend.js';
import { backendByName, getBackend } from '../backend/registry.js';
import { allocArray, type DType, dtypeOfArray, isFloat, isTypedArray, type TypedArray } from '../dtype.js';
import { nextSeed } from '../engine.js';
import { ArgumentError, DTypeError, fmtShape, ShapeError } from '../errors.js';
import { checkShape, sizeOf } from '../shape.js';
import { type NestedArray, Tensor } from '../tensor.js';
import { checkBackendDType, exec, wrap } from './dispatch.js';
import { randomNumbers } from './random-numbers.js';

/** What a new tensor holds and where it lives: its `dtype` and its `backend` (default: the active backend). */
export interface CreateOptions {
  dtype?: DType;
  /** Target backend name; defaults to the active backend. */
  backend?: string;
}

function resolveBackend(opts?: CreateOptions): Backend {
  return opts?.backend ? backendByName(opts.backend, 'tensor') : getBackend();
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

function flatten(op: string, values: NestedArray, shape: number[], out: number[]): void {
  const walk = (v: NestedArray, dim: number): void => {
    if (dim === shape.length) {
      if (Array.isArray(v))
        throw new ShapeError(
          op,
          `ragged nested array: found an array at depth ${dim}; expected a number (shape ${fmtShape(shape)})`,
        );
      if (typeof v !== 'number' && typeof v !== 'boolean')
        throw new ArgumentError(op, `found ${typeof v} in the values; expected numbers or booleans`);
      out.push(Number(v));
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new ShapeError(
        op,
        `ragged nested array at depth ${dim}: got ${Array.isArray(v) ? `length ${v.length}` : typeof v}, expected length ${shape[dim]} (shape ${fmtShape(shape)})`,
      );
    }
    for (const x of v) walk(x, dim + 1);
  };
  walk(values, 0);
}

function firstLeaf(values: NestedArray): number | boolean | undefined {
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    v = v[0];
  }
  return v;
}

/** Options of `tensor`: also the shape to give flat values, and whether it requires gradients. */
export interface TensorOptions extends CreateOptions {
  shape?: readonly number[];
  requiresGrad?: boolean;
}

/**
 * A tensor from nested arrays, a typed array or a number. The dtype defaults to
 * float32 for numbers, bool for booleans, and the array's own type for typed arrays.
 */
export function tensor(values: NestedArray | TypedArray, opts: TensorOptions = {}): Tensor {
  const op = 'tensor';
  const backend = resolveBackend(opts);
  let flat: TypedArray;
  let shape: number[];
  let dtype: DType;
  if (isTypedArray(values)) {
    dtype = opts.dtype ?? dtypeOfArray(values);
    shape = opts.shape ? [...opts.shape] : [values.length];
    flat = dtype === dtypeOfArray(values) ? values : convert(values, dtype);
  } else {
    if (typeof values !== 'number' && typeof values !== 'boolean' && !Array.isArray(values)) {
      throw new ArgumentError(
        op,
        `got ${values === null ? 'null' : typeof values}; expected a number, boolean, nested array or typed array`,
      );
    }
    const inferred = inferShape(values);
    const numbers: number[] = [];
    flatten(op, values, inferred, numbers);
    dtype = opts.dtype ?? (typeof firstLeaf(values) === 'boolean' ? 'bool' : 'float32');
    shape = opts.shape ? [...opts.shape] : inferred;
    flat = allocArray(dtype, numbers.length);
    for (let i = 0; i < numbers.length; i++) flat[i] = numbers[i];
  }
  checkShape(op, shape);
  if (sizeOf(shape) !== flat.length) {
    throw new ShapeError(
      op,
      `${flat.length} values cannot fill shape ${fmtShape(shape)} (${sizeOf(shape)} elements); expected matching sizes`,
    );
  }
  checkBackendDType(op, backend, dtype);
  const t = wrap(backend, backend.upload(flat, dtype), shape, dtype);
  if (opts.requiresGrad) setRequiresGrad(t, true);
  return t;
}

function convert(values: TypedArray, dtype: DType): TypedArray {
  const out = allocArray(dtype, values.length);
  if (dtype === 'int32') for (let i = 0; i < values.length; i++) out[i] = Math.trunc(values[i]);
  else if (dtype === 'bool') for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  else out.set(values);
  return out;
}

/** Turns gradient tracking of `t` on or off (only float tensors can require gradients). */
export function setRequiresGrad(t: Tensor, on: boolean): void {
  if (on && !isFloat(t.dtype)) {
    throw new DTypeError('requiresGrad', `only float tensors can require gradients; got ${t.dtype}`);
  }
  t.requiresGrad = on;
}

/** A rank-0 tensor holding `value`. */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, dtype ? { dtype } : {});
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, opts: CreateOptions = {}): Tensor {
  checkShape('full', shape);
  const backend = resolveBackend(opts);
  const dtype = opts.dtype ?? 'float32';
  checkBackendDType('full', backend, dtype);
  return exec(backend, 'fill', { value, out: { shape: [...shape], dtype } });
}
/** A tensor of `shape` filled with 0. */
export const zeros = (shape: readonly number[], opts: CreateOptions = {}): Tensor => full(shape, 0, opts);
/** A tensor of `shape` filled with 1. */
export const ones = (shape: readonly number[], opts: CreateOptions = {}): Tensor => full(shape, 1, opts);

function likeOpts(t: Tensor, dtype?: DType): CreateOptions {
  t._assertAlive('like');
  return { dtype: dtype ?? t.dtype, backend: t.backendName };
}
/** A tensor with the shape and backend of `t` (and its dtype unless given), filled with `value`. */
export const fullLike = (t: Tensor, value: number, dtype?: DType): Tensor =>
  full(t.shape, value, likeOpts(t, dtype));
/** Zeros with the shape and backend of `t` (and its dtype unless given). */
export const zerosLike = (t: Tensor, dtype?: DType): Tensor => full(t.shape, 0, likeOpts(t, dtype));
/** Ones with the shape and backend of `t` (and its dtype unless given). */
export const onesLike = (t: Tensor, dtype?: DType): Tensor => full(t.shape, 1, likeOpts(t, dtype));

/** `[start, stop)` in steps of `step`; `arange(n)` is `0 … n-1`. float32 unless a dtype is given (as in TF.js). */
export function arange(start: number, stop?: number, step = 1, opts: CreateOptions = {}): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step) || step === 0) {
    throw new ArgumentError(
      'arange',
      `got start=${start}, stop=${stop}, step=${step}; expected finite numbers and a non-zero step`,
    );
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const backend = resolveBackend(opts);
  const dtype = opts.dtype ?? 'float32';
  return exec(backend, 'range', { start, step, out: { shape: [n], dtype } });
}

/** `num` evenly spaced values from `start` to `stop`, both included. */
export function linspace(start: number, stop: number, num: number, opts: CreateOptions = {}): Tensor {
  if (!Number.isInteger(num) || num < 0)
    throw new ArgumentError('linspace', `num=${num}; expected a non-negative integer`);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  const backend = resolveBackend(opts);
  return exec(backend, 'range', { start, step, out: { shape: [num], dtype: opts.dtype ?? 'float32' } });
}

/** The n × m identity matrix (ones on the diagonal). */
export function eye(n: number, m: number = n, opts: CreateOptions = {}): Tensor {
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 0 || m < 0) {
    throw new ArgumentError('eye', `got n=${n}, m=${m}; expected non-negative integers`);
  }
  const dtype = opts.dtype ?? 'float32';
  const values = allocArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return tensor(values, { ...opts, dtype, shape: [n, m] });
}

/** Options of the random creators: dtype, backend and the seed of the draw. */
export interface RandomOptions extends CreateOptions {
  /** Fixes the draw; without it the next seed of the global sequence (see manualSeed) is used. */
  seed?: number;
}

function randomTensor(
  op: string,
  shape: readonly number[],
  distribution: 'uniform' | 'normal' | 'bernoulli',
  a: number,
  b: number,
  opts: RandomOptions,
): Tensor {
  checkShape(op, shape);
  const backend = resolveBackend(opts);
  const dtype = opts.dtype ?? 'float32';
  if (!isFloat(dtype)) throw new DTypeError(op, `dtype ${dtype}; expected float32 or float64`);
  checkBackendDType(op, backend, dtype);
  return randomNumbers(backend, {
    distribution,
    seed: nextSeed(opts.seed),
    a,
    b,
    out: { shape: [...shape], dtype },
  });
}

/** Uniform in [low, high). */
export function rand(
  shape: readonly number[],
  opts: RandomOptions & { low?: number; high?: number } = {},
): Tensor {
  return randomTensor('rand', shape, 'uniform', opts.low ?? 0, opts.high ?? 1, opts);
}
/**
 * Normal samples with `mean` (default 0) and `std` (default 1); seeded, the same numbers on every backend.
 */
export function randn(
  shape: readonly number[],
  opts: RandomOptions & { mean?: number; std?: number } = {},
): Tensor {
  return randomTensor('randn', shape, 'normal', opts.mean ?? 0, opts.std ?? 1, opts);
}
/** 1 with probability p, else 0. */
export function bernoulli(shape: readonly number[], p: number, opts: RandomOptions = {}): Tensor {
  return randomTensor('bernoulli', shape, 'bernoulli', p, 0, opts);
}

/** Integers uniform in [low, high), int32. */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  opts: RandomOptions = {},
): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ArgumentError('randint', `got low=${low}, high=${high}; expected integers with low < high`);
  }
  checkShape('randint', shape);
  const backend = resolveBackend(opts);
  const fdt: DType = backend.dtypes.includes('float64') ? 'float64' : 'float32';
  const u = randomNumbers(backend, {
    distribution: 'uniform',
    seed: nextSeed(opts.seed),
    a: low,
    b: high,
    out: { shape: [...shape], dtype: fdt },
  });
  const f = exec(backend, 'unary', {
    op: 'floor',
    x: u._info('randint'),
    out: { shape: u.shape, dtype: fdt },
  });
  u.dispose();
  const out = exec(backend, 'cast', { x: f._info('randint'), out: { shape: f.shape, dtype: 'int32' } });
  f.dispose();
  return out;
}

export { Tensor };
