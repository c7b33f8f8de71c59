/** Shared test utilities: a backend, tensor upload/read, a seeded PRNG, and naive float64 references. */
import type { Backend, DataHandle, DType, TensorInfo, TypedArray } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import { expect } from 'vitest';
import { createCpuBackend } from '../src/backend.js';

export const be: Backend = createCpuBackend();

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Upload plain numbers as a tensor of `dtype`. */
export function t(values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float64'): TensorInfo {
  if (values.length !== size(shape))
    throw new Error(`test bug: ${values.length} values for shape [${shape}]`);
  const arr = allocArray(dtype, values.length);
  for (let i = 0; i < values.length; i++) arr[i] = values[i];
  return { handle: be.upload(arr, dtype), shape, dtype };
}

/** Read a handle as plain numbers and free it. */
export function take(h: DataHandle): number[] {
  const v = Array.from(be.readSync!(h));
  be.free(h);
  return v;
}

export function read(h: DataHandle): TypedArray {
  return be.readSync!(h);
}

export function free(...xs: (TensorInfo | null)[]): void {
  for (const x of xs) if (x) be.free(x.handle);
}

/** mulberry32: a tiny deterministic PRNG for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

export function randn(n: number, seed: number, scale = 1): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

export function randInt(n: number, lo: number, hi: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => lo + Math.floor(r() * (hi - lo)));
}

/** Round like a float32 store when dtype is float32. */
export function store(dtype: DType, v: number): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'int32':
      return v | 0;
    case 'bool':
      return v !== 0 ? 1 : 0;
    default:
      return v;
  }
}

/** Multi-index of flat index i in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

/** Flat index into `shape` of a multi-index of a (right-aligned) broadcast target. */
export function ravelBroadcast(idx: readonly number[], shape: readonly number[]): number {
  const off = idx.length - shape.length;
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] === 1 ? 0 : idx[d + off]);
  return flat;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
  return flat;
}

export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const r = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(r).fill(1);
  for (const s of shapes)
    for (let i = 0; i < s.length; i++) {
      const d = r - s.length + i;
      if (s[i] !== 1) out[d] = s[i];
    }
  return out;
}

/** Tolerances for comparing against a float64 reference, by result dtype. */
export function tol(dtype: DType): { rtol: number; atol: number } {
  return dtype === 'float32'
    ? { rtol: 2e-6, atol: 1e-6 }
    : dtype === 'float64'
      ? { rtol: 1e-12, atol: 1e-12 }
      : { rtol: 0, atol: 0 };
}

/** Element-wise closeness; NaN must match NaN, infinities must match exactly. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol, atol }: { rtol: number; atol: number },
  label = '',
): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e)))
        throw new Error(`${label}[${i}]: got ${a}, expected ${e}`);
      continue;
    }
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e)))
      throw new Error(`${label}[${i}]: got ${a}, expected ${e}`);
  }
}
