import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, copyStrided, sizeOf, stridesOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Constant padding: `x` placed at offset `before` inside `out`; the rest is `value`. */
export function pad(s: CpuStorage, { x, before, value, out }: KernelArgs['pad']): DataHandle {
  const X = s.get(x.handle);
  const size = sizeOf(out.shape);
  const O = allocArray(out.dtype, size);
  const v = out.dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
  if (v !== 0) O.fill(v);
  if (X.length === 0 || size === 0) return s.wrap(O, out.dtype);
  const os = stridesOf(out.shape);
  let off = 0;
  for (let i = 0; i < before.length; i++) off += before[i] * os[i];
  copyStrided(X, 0, stridesOf(x.shape), O, off, os, x.shape);
  return s.wrap(O, out.dtype);
}
