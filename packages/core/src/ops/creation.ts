import type { Backend } from '../backend/backend.js';
import { backendByName, getBackend } from '../backend/registry.js';
import {
  allocArray,
  checkDType,
  type DType,
  dtypeOfArray,
  isFloat,
  isTypedArray,
  type TypedArray,
} from '../dtype.js';
import { nextSeed } from '../engine.js';
import { ArgumentError, DTypeError, fmtShape, ShapeError } from '../errors.js';
import { checkOptions } from '../options.js';
import { checkShape, sizeOf } from '../shape.js';
import { type NestedArray, Tensor } from '../tensor.js';
import { checkAllocation, checkBackendDType, exec, wrap } from './dispatch.js';
import { randomNumbers } from './random-numbers.js';

/** What a new tensor holds and where it lives: its `dtype`, its `backend` (default: the active one), and whether it requires gradients. */
export interface CreateOptions {
  dtype?: DType;
  /** Target backend name; defaults to the active backend. */
  backend?: string;
  /** Make the result a leaf that receives gradients (float dtypes only). */
  requiresGrad?: boolean;
}

const CREATE_KEYS = ['dtype', 'backend', 'requiresGrad'] as const;

function resolveBackend(opts?: CreateOptions): Backend {
  return opts?.backend ? backendByName(opts.backend, 'tensor') : getBackend();
}

/** Validate an options object (keys, dtype) and return its dtype or the default. */
function createOptions(
  op: string,
  opts: unknown,
  extraKeys: readonly string[] = [],
  fallback: DType = 'float32',
): DType {
  checkOptions(op, opts, [...CREATE_KEYS, ...extraKeys]);
  const dtype = (opts as CreateOptions | undefined)?.dtype ?? fallback;
  checkDType(op, dtype);
  if ((opts as CreateOptions | undefined)?.requiresGrad && !isFloat(dtype))
    throw new DTypeError(op, `only float tensors can require gradients; got dtype ${dtype}`);
  return dtype;
}

function finish(t: Tensor, opts?: CreateOptions): Tensor {
  if (opts?.requiresGrad) setRequiresGrad(t, true);
  return t;
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

/** Options of `tensor`: also the shape to give flat values. */
export interface TensorOptions extends CreateOptions {
  shape?: readonly number[];
}

/**
 * A tensor from nested arrays, a typed array or a number. The dtype defaults to
 * float32 for numbers, bool for booleans, and for typed arrays their own type —
 * except bytes (Uint8Array, Uint8ClampedArray: image data), which become int32
 * with their values 0..255. Values the dtype cannot hold are an error, never
 * changed silently: int32 takes integers in [-2^31, 2^31 - 1] (no NaN), float32
 * rejects finite values beyond ±3.4e38; bool takes any number (non-zero is true).
 */
export function tensor(
  values: NestedArray | TypedArray | Uint8ClampedArray,
  opts: TensorOptions = {},
): Tensor {
  const op = 'tensor';
  createOptions(op, opts, ['shape']);
  const backend = resolveBackend(opts);
  let flat: TypedArray;
  let shape: number[];
  let dtype: DType;
  if (isTypedArray(values) || values instanceof Uint8ClampedArray) {
    dtype = opts.dtype ?? dtypeOfArray(values);
    shape = opts.shape ? [...opts.shape] : [values.length];
    flat = storedAs(values, dtype) ? (values as TypedArray) : convert(op, values, dtype);
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
    flat = convert(op, numbers, dtype);
  }
  checkShape(op, shape);
  if (sizeOf(shape) !== flat.length) {
    throw new ShapeError(
      op,
      `${flat.length} values cannot fill shape ${fmtShape(shape)} (${sizeOf(shape)} elements); expected matching sizes`,
    );
  }
  checkBackendDType(op, backend, dtype);
  checkAllocation(op, backend, shape, dtype);
  if (opts.requiresGrad && !isFloat(dtype))
    throw new DTypeError(op, `only float tensors can require gradients; got dtype ${dtype}`);
  return finish(wrap(backend, backend.upload(flat, dtype), shape, dtype), opts);
}

/** True when `values` already has the array type the backend stores `dtype` in (no conversion needed). */
function storedAs(values: TypedArray | Uint8ClampedArray, dtype: DType): boolean {
  switch (dtype) {
    case 'float32':
      return values instanceof Float32Array;
    case 'float64':
      return values instanceof Float64Array;
    case 'int32':
      return values instanceof Int32Array;
    case 'bool':
      return false;
  }
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const FLOAT32_MAX = 3.4028234663852886e38;

/** Copy `values` into the array type of `dtype`, rejecting values the dtype cannot hold. */
function convert(op: string, values: ArrayLike<number>, dtype: DType): TypedArray {
  const n = values.length;
  const out = allocArray(dtype, n);
  const reject = (i: number, what: string): never => {
    throw new DTypeError(
      op,
      `value ${values[i]} at position ${i} ${what}; convert explicitly (e.g. cast, or Math.round) or choose another dtype`,
    );
  };
  if (dtype === 'int32') {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX)
        reject(i, 'is not an int32 (an integer in [-2147483648, 2147483647])');
      out[i] = v;
    }
  } else if (dtype === 'float32') {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (Number.isFinite(v) && (v > FLOAT32_MAX || v < -FLOAT32_MAX))
        reject(i, 'overflows float32 (largest finite value ±3.4028235e38); use dtype float64');
      out[i] = v;
    }
  } else if (dtype === 'bool') {
    for (let i = 0; i < n; i++) out[i] = values[i] !== 0 ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[i] = values[i];
  }
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
  return filled('full', shape, value, opts);
}

function filled(op: string, shape: readonly number[], value: number, opts: CreateOptions): Tensor {
  checkShape(op, shape);
  const dtype = createOptions(op, opts);
  if (typeof value !== 'number' && typeof value !== 'boolean')
    throw new ArgumentError(op, `fill value is ${value === null ? 'null' : typeof value}; expected a number`);
  const backend = resolveBackend(opts);
  checkBackendDType(op, backend, dtype);
  if (dtype === 'int32' && !(Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX))
    throw new DTypeError(
      op,
      `fill value ${value} is not an int32; expected an integer in [-2147483648, 2147483647]`,
    );
  return finish(exec(backend, 'fill', { value: Number(value), out: { shape: [...shape], dtype } }), opts);
}
/** A tensor of `shape` filled with 0. */
export const zeros = (shape: readonly number[], opts: CreateOptions = {}): Tensor =>
  filled('zeros', shape, 0, opts);
/** A tensor of `shape` filled with 1. */
export const ones = (shape: readonly number[], opts: CreateOptions = {}): Tensor =>
  filled('ones', shape, 1, opts);

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
  const op = 'arange';
  const dtype = createOptions(op, opts);
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step) || step === 0) {
    throw new ArgumentError(
      op,
      `got start=${start}, stop=${stop}, step=${step}; expected finite numbers and a non-zero step`,
    );
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const backend = resolveBackend(opts);
  checkBackendDType(op, backend, dtype);
  return finish(exec(backend, 'range', { start, step, out: { shape: [n], dtype } }), opts);
}

/** `num` evenly spaced values from `start` to `stop`, both included. */
export function linspace(start: number, stop: number, num: number, opts: CreateOptions = {}): Tensor {
  const op = 'linspace';
  const dtype = createOptions(op, opts);
  if (!Number.isInteger(num) || num < 0)
    throw new ArgumentError(op, `num=${num}; expected a non-negative integer`);
  if (!Number.isFinite(start) || !Number.isFinite(stop))
    throw new ArgumentError(op, `got start=${start}, stop=${stop}; expected finite numbers`);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  const backend = resolveBackend(opts);
  checkBackendDType(op, backend, dtype);
  return finish(exec(backend, 'range', { start, step, out: { shape: [num], dtype } }), opts);
}

/** The n × m identity matrix (ones on the diagonal). */
export function eye(n: number, m: number = n, opts: CreateOptions = {}): Tensor {
  const op = 'eye';
  const dtype = createOptions(op, opts);
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 0 || m < 0) {
    throw new ArgumentError(op, `got n=${n}, m=${m}; expected non-negative integers`);
  }
  checkAllocation(op, resolveBackend(opts), [n, m], dtype);
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
  extraKeys: readonly string[],
): Tensor {
  checkShape(op, shape);
  const dtype = createOptions(op, opts, ['seed', ...extraKeys]);
  if (!isFloat(dtype)) throw new DTypeError(op, `dtype ${dtype}; expected float32 or float64`);
  if (!Number.isFinite(a) || !Number.isFinite(b))
    throw new ArgumentError(op, `distribution parameters ${a}, ${b}; expected finite numbers`);
  const backend = resolveBackend(opts);
  checkBackendDType(op, backend, dtype);
  const t = randomNumbers(backend, {
    distribution,
    seed: nextSeed(opts.seed),
    a,
    b,
    out: { shape: [...shape], dtype },
  });
  return finish(t, opts);
}

/** Uniform in [low, high). */
export function rand(
  shape: readonly number[],
  opts: RandomOptions & { low?: number; high?: number } = {},
): Tensor {
  return randomTensor('rand', shape, 'uniform', opts?.low ?? 0, opts?.high ?? 1, opts, ['low', 'high']);
}
/**
 * Normal samples with `mean` (default 0) and `std` (default 1); seeded, the same numbers on every backend.
 */
export function randn(
  shape: readonly number[],
  opts: RandomOptions & { mean?: number; std?: number } = {},
): Tensor {
  return randomTensor('randn', shape, 'normal', opts?.mean ?? 0, opts?.std ?? 1, opts, ['mean', 'std']);
}
/** 1 with probability p, else 0. */
export function bernoulli(shape: readonly number[], p: number, opts: RandomOptions = {}): Tensor {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1))
    throw new ArgumentError('bernoulli', `p = ${p}; expected a probability in [0, 1]`);
  return randomTensor('bernoulli', shape, 'bernoulli', p, 0, opts, []);
}

/** Integers uniform in [low, high), int32 (the only dtype accepted). */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  opts: Omit<RandomOptions, 'requiresGrad'> = {},
): Tensor {
  const op = 'randint';
  checkOptions(op, opts, ['dtype', 'backend', 'seed']);
  if (opts.dtype !== undefined && opts.dtype !== 'int32')
    throw new DTypeError(
      op,
      `dtype ${String(opts.dtype)}; randint makes int32 (cast the result for another dtype)`,
    );
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ArgumentError(op, `got low=${low}, high=${high}; expected integers with low < high`);
  }
  checkShape(op, shape);
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
    x: u._info(op),
    out: { shape: u.shape, dtype: fdt },
  });
  u.dispose();
  const out = exec(backend, 'cast', { x: f._info(op), out: { shape: f.shape, dtype: 'int32' } });
  f.dispose();
  return out;
}

export { Tensor };
