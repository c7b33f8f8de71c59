/** Elementwise kernels: unary, binary, compare, select (broadcasting), cast, fill, range. */
import {
  broadcastStrides,
  collapse,
  type DataHandle,
  type KernelArgs,
  sizeOf,
  stridesOf,
  type TensorInfo,
} from '@polygrad/core';
import { BINARY_CODE, COMPARE_CODE, DTYPE_CODE, Job, UNARY_CODE } from '../runtime/codes.js';
import type { WasmStorage } from '../storage.js';

/** Elements per chunk below which an elementwise job stays on one thread. */
export const ELEMENTWISE_CHUNK = 32768;

/**
 * Writes the loop descriptor of an elementwise op over `outShape` whose
 * inputs broadcast to it. Same-size or single-element inputs take a flat
 * one-dimensional loop; anything else is collapsed with core's helper.
 */
export function writeBroadcastDesc(
  s: WasmStorage,
  outShape: readonly number[],
  inputs: readonly TensorInfo[],
): void {
  const n = sizeOf(outShape);
  const st = [0, 0, 0];
  let flat = true;
  for (let i = 0; i < inputs.length; i++) {
    const m = sizeOf(inputs[i].shape);
    if (m === n) st[i] = 1;
    else if (m !== 1) {
      flat = false;
      break;
    }
  }
  if (flat) {
    s.rt.writeFlatDesc(n, st[0], st[1], st[2]);
    return;
  }
  const c = collapse(outShape, [
    stridesOf(outShape),
    ...inputs.map((t) => broadcastStrides(t.shape, outShape)),
  ]);
  s.rt.writeDesc(c.shape, c.strides);
}

export function unary(s: WasmStorage, { op, x, out }: KernelArgs['unary']): DataHandle {
  const n = sizeOf(out.shape);
  const X = s.get(x.handle);
  const o = s.alloc('unary', out.dtype, n);
  s.guard('unary', [o], () => {
    s.rt.run(Job.unary, n, s.rt.split(n, ELEMENTWISE_CHUNK), [
      UNARY_CODE[op],
      DTYPE_CODE[x.dtype],
      X.ptr,
      o.ptr,
    ]);
  });
  return o;
}

export function binary(s: WasmStorage, { op, a, b, out }: KernelArgs['binary']): DataHandle {
  const n = sizeOf(out.shape);
  const A = s.get(a.handle);
  const B = s.get(b.handle);
  const o = s.alloc('binary', out.dtype, n);
  s.guard('binary', [o], () => {
    writeBroadcastDesc(s, out.shape, [a, b]);
    s.rt.run(Job.binary, n, s.rt.split(n, ELEMENTWISE_CHUNK), [
      BINARY_CODE[op],
      DTYPE_CODE[out.dtype],
      A.ptr,
      B.ptr,
      o.ptr,
      s.rt.descPtr,
    ]);
  });
  return o;
}

export function compare(s: WasmStorage, { op, a, b, out }: KernelArgs['compare']): DataHandle {
  const n = sizeOf(out.shape);
  const A = s.get(a.handle);
  const B = s.get(b.handle);
  const o = s.alloc('compare', 'bool', n);
  s.guard('compare', [o], () => {
    writeBroadcastDesc(s, out.shape, [a, b]);
    s.rt.run(Job.compare, n, s.rt.split(n, ELEMENTWISE_CHUNK), [
      COMPARE_CODE[op],
      DTYPE_CODE[a.dtype],
      A.ptr,
      B.ptr,
      o.ptr,
      s.rt.descPtr,
    ]);
  });
  return o;
}

export function select(s: WasmStorage, { cond, a, b, out }: KernelArgs['select']): DataHandle {
  const n = sizeOf(out.shape);
  const C = s.get(cond.handle);
  const A = s.get(a.handle);
  const B = s.get(b.handle);
  const o = s.alloc('select', out.dtype, n);
  s.guard('select', [o], () => {
    writeBroadcastDesc(s, out.shape, [cond, a, b]);
    s.rt.run(Job.select, n, s.rt.split(n, ELEMENTWISE_CHUNK), [
      DTYPE_CODE[out.dtype],
      C.ptr,
      A.ptr,
      B.ptr,
      o.ptr,
      s.rt.descPtr,
    ]);
  });
  return o;
}

export function cast(s: WasmStorage, { x, out }: KernelArgs['cast']): DataHandle {
  const n = sizeOf(out.shape);
  const X = s.get(x.handle);
  const o = s.alloc('cast', out.dtype, n);
  s.guard('cast', [o], () => {
    s.rt.run(Job.cast, n, s.rt.split(n, ELEMENTWISE_CHUNK), [
      DTYPE_CODE[x.dtype],
      DTYPE_CODE[out.dtype],
      X.ptr,
      o.ptr,
    ]);
  });
  return o;
}

export function fill(s: WasmStorage, { value, out }: KernelArgs['fill']): DataHandle {
  const n = sizeOf(out.shape);
  const o = s.alloc('fill', out.dtype, n);
  s.guard('fill', [o], () => {
    s.rt.run(Job.fill, n, s.rt.split(n, ELEMENTWISE_CHUNK * 4), [DTYPE_CODE[out.dtype], o.ptr, value]);
  });
  return o;
}

export function range(s: WasmStorage, { start, step, out }: KernelArgs['range']): DataHandle {
  const n = sizeOf(out.shape);
  const o = s.alloc('range', out.dtype, n);
  s.guard('range', [o], () => {
    s.rt.run(Job.range, n, s.rt.split(n, ELEMENTWISE_CHUNK), [DTYPE_CODE[out.dtype], o.ptr, start, step]);
  });
  return o;
}
