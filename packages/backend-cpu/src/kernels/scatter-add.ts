import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, sizeOf, splitAxis } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Adjoint of gather: zeros of `out.shape`, with `updates` rows summed at `indices` along `axis`. */
export function scatterAdd(
  s: CpuStorage,
  { updates, indices, axis, out }: KernelArgs['scatterAdd'],
): DataHandle {
  const U = s.get(updates.handle);
  const I = s.get(indices.handle);
  const size = sizeOf(out.shape);
  const O = allocArray(out.dtype, size);
  if (size === 0 || U.length === 0) return s.wrap(O, out.dtype);
  const [outer, len, inner] = splitAxis(out.shape, axis);
  const ni = I.length;
  const bool = out.dtype === 'bool';
  // Float32 outputs accumulate in float64 and round once.
  const acc = out.dtype === 'float32' ? new Float64Array(size) : O;
  for (let o = 0; o < outer; o++) {
    const dstBase = o * len * inner;
    let src = o * ni * inner;
    for (let q = 0; q < ni; q++, src += inner) {
      const idx = I[q];
      if (idx < 0 || idx >= len) continue;
      const d = dstBase + idx * inner;
      if (bool) for (let j = 0; j < inner; j++) acc[d + j] |= U[src + j];
      else for (let j = 0; j < inner; j++) acc[d + j] += U[src + j];
    }
  }
  if (acc !== O) O.set(acc);
  return s.wrap(O, out.dtype);
}
