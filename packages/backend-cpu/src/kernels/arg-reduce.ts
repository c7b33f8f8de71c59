import type { DataHandle, KernelArgs } from '@polygrad/core';
import { splitAxis } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Index of the first max (min) along `axis`; the first NaN counts as the extreme. int32 out. */
export function argReduce(s: CpuStorage, { op, x, axis }: KernelArgs['argReduce']): DataHandle {
  const X = s.get(x.handle);
  const [outer, len, inner] = splitAxis(x.shape, axis);
  const O = new Int32Array(outer * inner);
  if (len === 0) return s.wrap(O, 'int32');
  const isMax = op === 'argmax';
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    for (let j = 0; j < inner; j++) {
      let p = base + j;
      let best = X[p];
      let bi = 0;
      if (!Number.isNaN(best)) {
        for (let a = 1; a < len; a++) {
          p += inner;
          const v = X[p];
          if (Number.isNaN(v)) {
            bi = a;
            break;
          }
          if (isMax ? v > best : v < best) {
            best = v;
            bi = a;
          }
        }
      }
      O[o * inner + j] = bi;
    }
  }
  return s.wrap(O, 'int32');
}
