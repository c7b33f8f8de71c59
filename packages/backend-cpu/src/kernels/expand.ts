import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, broadcastStrides, copyStrided, sizeOf, stridesOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Broadcast `x` to `out.shape` (materialised). */
export function expand(s: CpuStorage, { x, out }: KernelArgs['expand']): DataHandle {
  const X = s.get(x.handle);
  const size = sizeOf(out.shape);
  const O = allocArray(out.dtype, size);
  if (size === 0) return s.wrap(O, out.dtype);
  if (X.length === 1) O.fill(X[0]);
  else if (X.length === size) O.set(X);
  else copyStrided(X, 0, broadcastStrides(x.shape, out.shape), O, 0, stridesOf(out.shape), out.shape);
  return s.wrap(O, out.dtype);
}
