import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, copyStrided, sizeOf, stridesOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Contiguous sub-block of `x` starting at `begin`, of size `out.shape`. */
export function slice(s: CpuStorage, { x, begin, out }: KernelArgs['slice']): DataHandle {
  const X = s.get(x.handle);
  const size = sizeOf(out.shape);
  const O = allocArray(out.dtype, size);
  if (size === 0) return s.wrap(O, out.dtype);
  const xs = stridesOf(x.shape);
  let off = 0;
  for (let i = 0; i < begin.length; i++) off += begin[i] * xs[i];
  if (size === X.length) {
    O.set(X);
    return s.wrap(O, out.dtype);
  }
  copyStrided(X, off, xs, O, 0, stridesOf(out.shape), out.shape);
  return s.wrap(O, out.dtype);
}
