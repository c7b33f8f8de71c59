import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, sizeOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Constant tensor. */
export function fill(s: CpuStorage, { value, out }: KernelArgs['fill']): DataHandle {
  const O = allocArray(out.dtype, sizeOf(out.shape));
  const v = out.dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
  if (v !== 0 || Object.is(v, -0)) O.fill(v);
  return s.wrap(O, out.dtype);
}
