import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, uniform01 } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Inverted dropout: `mask[i] = u_i >= p ? 1/(1-p) : 0`, `y = x * mask`; returns [y, mask]. */
export function dropout(s: CpuStorage, { x, p, seed, out }: KernelArgs['dropout']): [DataHandle, DataHandle] {
  const X = s.get(x.handle);
  const n = X.length;
  const Y = allocArray(out.dtype, n);
  const M = allocArray(out.dtype, n);
  // y uses the stored mask value (float32-rounded for float32), so y === x * mask exactly.
  const keep = out.dtype === 'float32' ? Math.fround(1 / (1 - p)) : 1 / (1 - p);
  for (let i = 0; i < n; i++) {
    const m = uniform01(seed, i) >= p ? keep : 0;
    M[i] = m;
    Y[i] = X[i] * m;
  }
  return [s.wrap(Y, out.dtype), s.wrap(M, out.dtype)];
}
