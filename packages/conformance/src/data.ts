/** Deterministic test data: a tiny seeded PRNG and helpers producing reference arrays. */
import type { DType } from '@polygrad/core';
import { type NDArray, sizeOf } from './reference/ndarray.js';

/** mulberry32. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** Round `v` as storing it in `dtype` does. */
export function storeValue(v: number, dtype: DType): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'int32':
      return Math.trunc(v) | 0;
    case 'bool':
      return v !== 0 ? 1 : 0;
    case 'float64':
      return v;
  }
}

export function stored(values: ArrayLike<number>, dtype: DType): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = storeValue(values[i], dtype);
  return out;
}

/** Uniform values in [lo, hi), optionally kept at least `gap` away from zero (away from kinks). */
export function uniform(
  shape: readonly number[],
  lo: number,
  hi: number,
  seed: number,
  dtype: DType,
  gap = 0,
): NDArray {
  const r = rng(seed);
  const n = sizeOf(shape);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = lo + (hi - lo) * r();
    if (gap > 0 && Math.abs(v) < gap) v = v < 0 ? -gap - Math.abs(v) : gap + v;
    data[i] = storeValue(v, dtype);
  }
  return { shape: [...shape], data };
}

/** Integers uniform in [lo, hi). */
export function integers(shape: readonly number[], lo: number, hi: number, seed: number): NDArray {
  const r = rng(seed);
  const n = sizeOf(shape);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = lo + Math.floor(r() * (hi - lo));
  return { shape: [...shape], data };
}

/** Distinct values (a shuffled grid) so max/argmax/maximum have no ties and no kinks under small perturbation. */
export function distinct(shape: readonly number[], seed: number, dtype: DType, spacing = 0.25): NDArray {
  const n = sizeOf(shape);
  const r = rng(seed);
  const vals = Array.from({ length: n }, (_, i) => (i - n / 2) * spacing + 0.1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [vals[i], vals[j]] = [vals[j], vals[i]];
  }
  return { shape: [...shape], data: stored(vals, dtype) };
}

/** Gradient-projection weights in [0.5, 1.5): every output element matters. */
export function weights(shape: readonly number[], seed: number, dtype: DType): NDArray {
  return uniform(shape, 0.5, 1.5, seed, dtype);
}
