import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, broadcastStrides, planLoop, sizeOf, stridesOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** `out[i] = cond[i] ? a[i] : b[i]`, all three broadcast to `out.shape`. */
export function select(s: CpuStorage, { cond, a, b, out }: KernelArgs['select']): DataHandle {
  const C = s.get(cond.handle);
  const A = s.get(a.handle);
  const B = s.get(b.handle);
  const size = sizeOf(out.shape);
  const O = allocArray(out.dtype, size);
  if (size === 0) return s.wrap(O, out.dtype);
  if (C.length === size && A.length === size && B.length === size) {
    for (let i = 0; i < size; i++) O[i] = C[i] !== 0 ? A[i] : B[i];
    return s.wrap(O, out.dtype);
  }
  const { n, rows, inner, offsets } = planLoop(out.shape, [
    stridesOf(out.shape),
    broadcastStrides(cond.shape, out.shape),
    broadcastStrides(a.shape, out.shape),
    broadcastStrides(b.shape, out.shape),
  ]);
  const sc = inner[1];
  const sa = inner[2];
  const sb = inner[3];
  for (let r = 0; r < rows; r++) {
    let io = offsets[0][r];
    let ic = offsets[1][r];
    let ia = offsets[2][r];
    let ib = offsets[3][r];
    for (let i = 0; i < n; i++, io++, ic += sc, ia += sa, ib += sb) O[io] = C[ic] !== 0 ? A[ia] : B[ib];
  }
  return s.wrap(O, out.dtype);
}
