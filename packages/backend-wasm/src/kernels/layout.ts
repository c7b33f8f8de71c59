/** Layout kernels: transpose, slice, pad, concat, expand (strided copies), gather, scatterAdd. */
import {
  broadcastStrides,
  collapse,
  type DataHandle,
  type KernelArgs,
  sizeOf,
  splitAxis,
  stridesOf,
} from '@polygrad/core';
import { DTYPE_BYTES, DTYPE_CODE, Job } from '../runtime/codes.js';
import type { WasmStorage } from '../storage.js';
import { ELEMENTWISE_CHUNK } from './elementwise.js';

/** dst[Σ i·dstStrides] = src[Σ i·srcStrides] over `shape`; src/dst are byte addresses of element 0. */
function copy(
  s: WasmStorage,
  elemBytes: number,
  src: number,
  srcStrides: readonly number[],
  dst: number,
  dstStrides: readonly number[],
  shape: readonly number[],
): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const c = collapse(shape, [dstStrides, srcStrides]);
  s.rt.writeDesc(c.shape, c.strides);
  s.rt.run(Job.copy, n, s.rt.split(n, ELEMENTWISE_CHUNK), [elemBytes, src, dst, s.rt.descPtr]);
}

export function transpose(s: WasmStorage, { x, perm, out }: KernelArgs['transpose']): DataHandle {
  const X = s.get(x.handle);
  const n = sizeOf(out.shape);
  const eb = DTYPE_BYTES[out.dtype];
  const o = s.alloc('transpose', out.dtype, n);
  s.guard('transpose', [o], () => {
    if (n === 0) return;
    const xs = stridesOf(x.shape);
    const srcStrides = perm.map((p) => xs[p]);
    const dstStrides = stridesOf(out.shape);
    const c = collapse(out.shape, [dstStrides, srcStrides]);
    if (c.shape.length === 2 && c.strides[1][0] === 1) {
      // out [R, C] reads x as [C, R]: cache-tiled 2-D transpose, rows split across threads
      const R = c.shape[0];
      const C = c.shape[1];
      const per = s.rt.split(R, Math.max(32, Math.ceil(ELEMENTWISE_CHUNK / C / 32) * 32));
      s.rt.run(Job.transpose2d, R, per, [eb, X.ptr, o.ptr, R, C]);
      return;
    }
    copy(s, eb, X.ptr, srcStrides, o.ptr, dstStrides, out.shape);
  });
  return o;
}

export function slice(s: WasmStorage, { x, begin, out }: KernelArgs['slice']): DataHandle {
  const X = s.get(x.handle);
  const n = sizeOf(out.shape);
  const eb = DTYPE_BYTES[out.dtype];
  const o = s.alloc('slice', out.dtype, n);
  s.guard('slice', [o], () => {
    const xs = stridesOf(x.shape);
    let off = 0;
    for (let i = 0; i < begin.length; i++) off += begin[i] * xs[i];
    copy(s, eb, X.ptr + off * eb, xs, o.ptr, stridesOf(out.shape), out.shape);
  });
  return o;
}

export function pad(s: WasmStorage, { x, before, value, out }: KernelArgs['pad']): DataHandle {
  const X = s.get(x.handle);
  const n = sizeOf(out.shape);
  const eb = DTYPE_BYTES[out.dtype];
  const o = s.alloc('pad', out.dtype, n);
  s.guard('pad', [o], () => {
    s.rt.run(Job.fill, n, s.rt.split(n, ELEMENTWISE_CHUNK * 4), [DTYPE_CODE[out.dtype], o.ptr, value]);
    if (X.length === 0 || n === 0) return;
    const os = stridesOf(out.shape);
    let off = 0;
    for (let i = 0; i < before.length; i++) off += before[i] * os[i];
    copy(s, eb, X.ptr, stridesOf(x.shape), o.ptr + off * eb, os, x.shape);
  });
  return o;
}

export function concat(s: WasmStorage, { xs, axis, out }: KernelArgs['concat']): DataHandle {
  const n = sizeOf(out.shape);
  const eb = DTYPE_BYTES[out.dtype];
  const inputs = xs.map((x) => s.get(x.handle));
  const o = s.alloc('concat', out.dtype, n);
  s.guard('concat', [o], () => {
    if (n === 0) return;
    const os = stridesOf(out.shape);
    let at = 0;
    xs.forEach((x, i) => {
      copy(s, eb, inputs[i].ptr, stridesOf(x.shape), o.ptr + at * os[axis] * eb, os, x.shape);
      at += x.shape[axis];
    });
  });
  return o;
}

export function expand(s: WasmStorage, { x, out }: KernelArgs['expand']): DataHandle {
  const X = s.get(x.handle);
  const n = sizeOf(out.shape);
  const eb = DTYPE_BYTES[out.dtype];
  const o = s.alloc('expand', out.dtype, n);
  s.guard('expand', [o], () => {
    copy(s, eb, X.ptr, broadcastStrides(x.shape, out.shape), o.ptr, stridesOf(out.shape), out.shape);
  });
  return o;
}

export function gather(s: WasmStorage, { x, indices, axis, out }: KernelArgs['gather']): DataHandle {
  const X = s.get(x.handle);
  const I = s.get(indices.handle);
  const n = sizeOf(out.shape);
  const o = s.alloc('gather', out.dtype, n);
  s.guard('gather', [o], () => {
    if (n === 0) return;
    const [outer, len, inner] = splitAxis(x.shape, axis);
    const ni = I.length;
    const rows = outer * ni;
    const per = s.rt.split(rows, Math.max(1, Math.ceil(ELEMENTWISE_CHUNK / Math.max(1, inner))));
    s.rt.run(Job.gather, rows, per, [DTYPE_BYTES[out.dtype], X.ptr, I.ptr, o.ptr, len, inner, ni]);
  });
  return o;
}

export function scatterAdd(
  s: WasmStorage,
  { updates, indices, axis, out }: KernelArgs['scatterAdd'],
): DataHandle {
  const U = s.get(updates.handle);
  const I = s.get(indices.handle);
  const n = sizeOf(out.shape);
  const o = s.alloc('scatterAdd', out.dtype, n);
  s.guard('scatterAdd', [o], () => {
    if (n === 0) return;
    const [outer, len, inner] = splitAxis(out.shape, axis);
    // float32 accumulates in a float64 scratch and rounds once
    const acc = out.dtype === 'float32' ? s.alloc('scatterAdd', 'float64', n) : null;
    try {
      s.rt.run(Job.scatterAdd, 1, 1, [
        DTYPE_CODE[out.dtype],
        U.ptr,
        I.ptr,
        o.ptr,
        acc ? acc.ptr : 0,
        outer,
        len,
        inner,
        I.length,
      ]);
    } finally {
      if (acc) s.free(acc);
    }
  });
  return o;
}
