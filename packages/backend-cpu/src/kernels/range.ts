import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, sizeOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** `out[i] = start + i * step`, 1-D. */
export function range(s: CpuStorage, { start, step, out }: KernelArgs['range']): DataHandle {
  const n = sizeOf(out.shape);
  const O = allocArray(out.dtype, n);
  for (let i = 0; i < n; i++) O[i] = start + i * step;
  return s.wrap(O, out.dtype);
}
