import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, splitAxis } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** softmax: `dx = y * (dy - Σ dy*y)`; log-softmax: `dx = dy - exp(y) * Σ dy`, sums along `axis`. */
export function softmaxBackward(
  s: CpuStorage,
  { y, dy, axis, log, out }: KernelArgs['softmaxBackward'],
): DataHandle {
  const Y = s.get(y.handle);
  const DY = s.get(dy.handle);
  const O = allocArray(out.dtype, Y.length);
  if (Y.length === 0) return s.wrap(O, out.dtype);
  const [outer, len, inner] = splitAxis(y.shape, axis);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const p = o * len * inner + j;
      const end = p + len * inner;
      let acc = 0;
      if (log) {
        for (let q = p; q < end; q += inner) acc += DY[q];
        for (let q = p; q < end; q += inner) O[q] = DY[q] - Math.exp(Y[q]) * acc;
      } else {
        for (let q = p; q < end; q += inner) acc += DY[q] * Y[q];
        for (let q = p; q < end; q += inner) O[q] = Y[q] * (DY[q] - acc);
      }
    }
  }
  return s.wrap(O, out.dtype);
}
