/** Reductions over axes and argmax/argmin along one axis. */
import {
  collapse,
  type DataHandle,
  type KernelArgs,
  planReduce,
  reductionIdentity,
  sizeOf,
  splitAxis,
  stridesOf,
} from '@polygrad/core';
import { DTYPE_BYTES, DTYPE_CODE, Job, REDUCE_CODE } from '../runtime/codes.js';
import type { WasmStorage } from '../storage.js';
import { ELEMENTWISE_CHUNK } from './elementwise.js';

/** Reduced elements per chunk: rows (or columns) are grouped until a chunk reads this many. */
const REDUCE_CHUNK_ELEMENTS = 65536;

/**
 * The input is grouped into alternating kept/reduced runs of dims (size-1 dims
 * dropped). [k1, r] and [k1, r, k2] run directly; any other layout is first
 * copied with the reduced dims last, then reduced as rows.
 */
export function reduce(s: WasmStorage, { op, x, axes, out }: KernelArgs['reduce']): DataHandle {
  const rt = s.rt;
  const outSize = sizeOf(out.shape);
  const X = s.get(x.handle);
  const o = s.alloc('reduce', out.dtype, outSize);
  if (outSize === 0) return o;
  const code = REDUCE_CODE[op];
  const dt = DTYPE_CODE[x.dtype];
  const shape = x.shape;
  s.guard('reduce', [o], () => {
    if (X.length === 0) {
      rt.run(Job.fill, outSize, rt.split(outSize, ELEMENTWISE_CHUNK), [
        DTYPE_CODE[out.dtype],
        o.ptr,
        reductionIdentity(op, out.dtype),
      ]);
      return;
    }
    const plan = planReduce(shape, axes);
    if (plan) {
      const { k1, r, k2 } = plan;
      if (k2 === 1) {
        const per = rt.split(k1, Math.max(1, Math.ceil(REDUCE_CHUNK_ELEMENTS / r)));
        rt.run(Job.reduceRows, k1, per, [code, dt, X.ptr, o.ptr, r]);
      } else {
        const total = k1 * k2;
        const per = rt.split(total, Math.max(16, Math.ceil(REDUCE_CHUNK_ELEMENTS / r)));
        rt.run(Job.reduceColumns, total, per, [code, dt, X.ptr, o.ptr, r, k2]);
      }
      return;
    }
    // Reduced dims last: copy into rows order, then reduce rows.
    const kept: number[] = [];
    const red: number[] = [];
    for (let d = 0; d < shape.length; d++) (axes.includes(d) ? red : kept).push(d);
    const perm = [...kept, ...red];
    const tmp = s.alloc('reduce', x.dtype, X.length);
    try {
      copyPermuted(s, X.ptr, tmp.ptr, x.shape, perm, DTYPE_BYTES[x.dtype]);
      const rows = outSize;
      const len = X.length / rows;
      const per = rt.split(rows, Math.max(1, Math.ceil(REDUCE_CHUNK_ELEMENTS / len)));
      rt.run(Job.reduceRows, rows, per, [code, dt, tmp.ptr, o.ptr, len]);
    } finally {
      s.free(tmp);
    }
  });
  return o;
}

/** dst (dense, dims in `perm` order) = src permuted. */
export function copyPermuted(
  s: WasmStorage,
  src: number,
  dst: number,
  shape: readonly number[],
  perm: readonly number[],
  elemBytes: number,
): void {
  const xs = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  const c = collapse(outShape, [stridesOf(outShape), perm.map((p) => xs[p])]);
  s.rt.writeDesc(c.shape, c.strides);
  const n = sizeOf(shape);
  s.rt.run(Job.copy, n, s.rt.split(n, ELEMENTWISE_CHUNK), [elemBytes, src, dst, s.rt.descPtr]);
}

export function argReduce(s: WasmStorage, { op, x, axis, out }: KernelArgs['argReduce']): DataHandle {
  const X = s.get(x.handle);
  const [outer, len, inner] = splitAxis(x.shape, axis);
  const n = sizeOf(out.shape);
  const o = s.alloc('argReduce', 'int32', n);
  s.guard('argReduce', [o], () => {
    if (len === 0) {
      s.rt.run(Job.fill, n, n, [DTYPE_CODE.int32, o.ptr, 0]);
      return;
    }
    const total = outer * inner;
    const per = s.rt.split(total, Math.max(1, Math.ceil(REDUCE_CHUNK_ELEMENTS / len)));
    s.rt.run(Job.argReduce, total, per, [
      op === 'argmax' ? 1 : 0,
      DTYPE_CODE[x.dtype],
      X.ptr,
      o.ptr,
      len,
      inner,
    ]);
  });
  return o;
}
