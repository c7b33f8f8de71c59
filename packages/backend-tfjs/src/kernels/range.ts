import { allocArray, type DataHandle, type KernelArgs, sizeOf } from '@polygrad/core';
import type { KernelContext } from '../context.js';

/** Written on the host and uploaded, as TF.js's own range kernels do: start + i·step rounded once. */
export function range(c: KernelContext, { start, step, out }: KernelArgs['range']): DataHandle {
  const n = sizeOf(out.shape);
  const values = allocArray(out.dtype, n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return c.storage.upload(values, out.dtype);
}
