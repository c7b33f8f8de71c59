import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, collapse, copyStrided, sizeOf, stridesOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

const TILE = 32;

/** `out` dim i is `x` dim `perm[i]`. 2-D (after merging dims) transposes are cache-tiled. */
export function transpose(s: CpuStorage, { x, perm, out }: KernelArgs['transpose']): DataHandle {
  const X = s.get(x.handle);
  const size = sizeOf(out.shape);
  const O = allocArray(out.dtype, size);
  if (size === 0) return s.wrap(O, out.dtype);
  const xs = stridesOf(x.shape);
  const srcStrides = perm.map((p) => xs[p]);
  const dstStrides = stridesOf(out.shape);
  const c = collapse(out.shape, [dstStrides, srcStrides]);
  if (c.shape.length === 2 && c.strides[1][0] === 1) {
    // out [R, C] reads x as [C, R]: tiled 2-D transpose
    const R = c.shape[0];
    const C = c.shape[1];
    for (let i0 = 0; i0 < R; i0 += TILE) {
      const i1 = Math.min(R, i0 + TILE);
      for (let j0 = 0; j0 < C; j0 += TILE) {
        const j1 = Math.min(C, j0 + TILE);
        for (let i = i0; i < i1; i++) {
          let src = j0 * R + i;
          for (let j = j0; j < j1; j++, src += R) O[i * C + j] = X[src];
        }
      }
    }
    return s.wrap(O, out.dtype);
  }
  copyStrided(X, 0, srcStrides, O, 0, dstStrides, out.shape);
  return s.wrap(O, out.dtype);
}
