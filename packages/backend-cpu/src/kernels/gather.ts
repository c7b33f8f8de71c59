import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, sizeOf, splitAxis } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * `out = x.shape[:axis] + indices.shape + x.shape[axis+1:]`: rows of `x` along
 * `axis` picked by int32 `indices`. Out-of-range indices give zeros.
 */
export function gather(s: CpuStorage, { x, indices, axis, out }: KernelArgs['gather']): DataHandle {
  const X = s.get(x.handle);
  const I = s.get(indices.handle);
  const size = sizeOf(out.shape);
  const O = allocArray(out.dtype, size);
  if (size === 0) return s.wrap(O, out.dtype);
  const [outer, len, inner] = splitAxis(x.shape, axis);
  const ni = I.length;
  for (let o = 0; o < outer; o++) {
    const src = o * len * inner;
    let dst = o * ni * inner;
    for (let q = 0; q < ni; q++, dst += inner) {
      const idx = I[q];
      if (idx < 0 || idx >= len) continue; // zeros
      const from = src + idx * inner;
      if (inner === 1) O[dst] = X[from];
      else if (inner < 32) for (let j = 0; j < inner; j++) O[dst + j] = X[from + j];
      else O.set(X.subarray(from, from + inner), dst);
    }
  }
  return s.wrap(O, out.dtype);
}
