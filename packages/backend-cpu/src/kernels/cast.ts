import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Float→int truncates toward zero (NaN→0); anything→bool is `x != 0` (NaN→true); bool→number is 0/1. */
export function cast(s: CpuStorage, { x, out }: KernelArgs['cast']): DataHandle {
  const X = s.get(x.handle);
  const n = X.length;
  const O = allocArray(out.dtype, n);
  if (out.dtype === 'bool') {
    for (let i = 0; i < n; i++) O[i] = X[i] !== 0 ? 1 : 0;
  } else {
    // TypedArray#set converts like an element store: ToInt32 truncates, Float32 rounds.
    O.set(X);
  }
  return s.wrap(O, out.dtype);
}
