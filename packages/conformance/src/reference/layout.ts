/** Naive float64 layout ops: transpose, slice, pad, concat, expand, gather, scatter-add, cast. */
import type { DType } from '@polygrad/core';
import { broadcastIndex, type NDArray, nd, ravel, unravel } from './ndarray.js';

/** Axis permutation: output axis i is input axis `perm[i]`. */
export function transpose(x: NDArray, perm: readonly number[]): NDArray {
  const shape = perm.map((p) => x.shape[p]);
  const out = nd(shape);
  for (let i = 0; i < out.data.length; i++) {
    const oi = unravel(i, shape);
    const xi = new Array<number>(perm.length);
    for (let d = 0; d < perm.length; d++) xi[perm[d]] = oi[d];
    out.data[i] = x.data[ravel(xi, x.shape)];
  }
  return out;
}

/** The block starting at `begin` with `size` elements along each axis. */
export function slice(x: NDArray, begin: readonly number[], size: readonly number[]): NDArray {
  const out = nd(size);
  for (let i = 0; i < out.data.length; i++) {
    const idx = unravel(i, size).map((v, d) => v + begin[d]);
    out.data[i] = x.data[ravel(idx, x.shape)];
  }
  return out;
}

/** Constant padding: `[before, after]` elements of `value` along each axis. */
export function pad(x: NDArray, paddings: readonly (readonly [number, number])[], value = 0): NDArray {
  const shape = x.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
  const out = nd(shape);
  out.data.fill(value);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, d) => v + paddings[d][0]);
    out.data[ravel(idx, shape)] = x.data[i];
  }
  return out;
}

/** Concatenation along `axis` (every other dimension equal). */
export function concat(xs: readonly NDArray[], axis: number): NDArray {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((n, x) => n + x.shape[axis], 0);
  const out = nd(shape);
  let offset = 0;
  for (const x of xs) {
    for (let i = 0; i < x.data.length; i++) {
      const idx = unravel(i, x.shape);
      idx[axis] += offset;
      out.data[ravel(idx, shape)] = x.data[i];
    }
    offset += x.shape[axis];
  }
  return out;
}

/** Broadcast `x` to `shape` (NumPy rules), materialised. */
export function expand(x: NDArray, shape: readonly number[]): NDArray {
  const out = nd(shape);
  for (let i = 0; i < out.data.length; i++) out.data[i] = x.data[broadcastIndex(unravel(i, shape), x.shape)];
  return out;
}

/** `x.shape[:axis] + indices.shape + x.shape[axis+1:]`. */
export function gather(x: NDArray, indices: NDArray, axis: number): NDArray {
  const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const out = nd(shape);
  const ir = indices.shape.length;
  for (let i = 0; i < out.data.length; i++) {
    const oi = unravel(i, shape);
    const which = indices.data[ravel(oi.slice(axis, axis + ir), indices.shape)];
    const xi = [...oi.slice(0, axis), which, ...oi.slice(axis + ir)];
    out.data[i] = x.data[ravel(xi, x.shape)];
  }
  return out;
}

/** The adjoint of gather: zeros of `shape` receive `updates` summed at `indices` along `axis`. */
export function scatterAdd(
  updates: NDArray,
  indices: NDArray,
  axis: number,
  shape: readonly number[],
): NDArray {
  const out = nd(shape);
  const ir = indices.shape.length;
  for (let i = 0; i < updates.data.length; i++) {
    const ui = unravel(i, updates.shape);
    const which = indices.data[ravel(ui.slice(axis, axis + ir), indices.shape)];
    if (which < 0 || which >= shape[axis]) continue;
    const oi = [...ui.slice(0, axis), which, ...ui.slice(axis + ir)];
    out.data[ravel(oi, shape)] += updates.data[i];
  }
  return out;
}

/** Value conversion: float→int truncates toward zero (int32 wrap), anything→bool is x != 0. */
export function castValue(v: number, dtype: DType): number {
  switch (dtype) {
    case 'int32':
      return Math.trunc(v) | 0;
    case 'bool':
      return v !== 0 ? 1 : 0;
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
  }
}
