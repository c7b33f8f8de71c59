import type { DataHandle, DType, TensorInfo } from '@polygrad/core';
import { createWasmBackend, type WasmBackend, type WasmBackendOptions } from '../src/index.js';

const cache = new Map<string, Promise<WasmBackend>>();

/** A backend instance per option set, shared by the tests of one file. */
export function backend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const key = JSON.stringify(options);
  let b = cache.get(key);
  if (!b) {
    b = createWasmBackend({ name: 'test', ...options });
    cache.set(key, b);
  }
  return b;
}

/** Deterministic values in [-1, 1) (a small LCG, independent of the code under test). */
export function values(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export function info(handle: DataHandle, shape: readonly number[], dtype: DType): TensorInfo {
  return { handle, shape, dtype };
}

/** Upload `data` as `dtype` (float32 rounds). */
export function upload(be: WasmBackend, data: Float64Array, dtype: DType): DataHandle {
  return be.upload(dtype === 'float32' ? Float32Array.from(data) : data, dtype);
}

/** The values as stored in `dtype` (float32-rounded), in float64. */
export function stored(data: Float64Array, dtype: DType): Float64Array {
  return dtype === 'float32' ? Float64Array.from(Float32Array.from(data)) : data;
}
