import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, copyStrided, sizeOf, stridesOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Join `xs` along `axis`. */
export function concat(s: CpuStorage, { xs, axis, out }: KernelArgs['concat']): DataHandle {
  const size = sizeOf(out.shape);
  const O = allocArray(out.dtype, size);
  if (size === 0) return s.wrap(O, out.dtype);
  const os = stridesOf(out.shape);
  let at = 0;
  for (const x of xs) {
    const X = s.get(x.handle);
    if (X.length > 0) copyStrided(X, 0, stridesOf(x.shape), O, at * os[axis], os, x.shape);
    at += x.shape[axis];
  }
  return s.wrap(O, out.dtype);
}
