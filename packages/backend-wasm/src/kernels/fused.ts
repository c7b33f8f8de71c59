/** Fused kernels: activation backward, softmax and its VJP, cross-entropy and its VJP, dropout, optimizers. */
import { type DataHandle, type KernelArgs, sizeOf, splitAxis } from '@polygrad/core';
import { ACTIVATION_CODE, DTYPE_CODE, Job } from '../runtime/codes.js';
import type { WasmStorage } from '../storage.js';
import { ELEMENTWISE_CHUNK } from './elementwise.js';

/** Lines per chunk so that a chunk touches about this many elements. */
function linesPerChunk(s: WasmStorage, lines: number, len: number): number {
  return s.rt.split(lines, Math.max(1, Math.ceil(ELEMENTWISE_CHUNK / Math.max(1, len))));
}

export function activationBackward(
  s: WasmStorage,
  { op, x, y, dy, out }: KernelArgs['activationBackward'],
): DataHandle {
  const n = sizeOf(out.shape);
  const X = s.get(x.handle);
  const Y = s.get(y.handle);
  const DY = s.get(dy.handle);
  const o = s.alloc('activationBackward', out.dtype, n);
  s.guard('activationBackward', [o], () => {
    s.rt.run(Job.activationBackward, n, s.rt.split(n, ELEMENTWISE_CHUNK), [
      ACTIVATION_CODE[op],
      DTYPE_CODE[out.dtype],
      X.ptr,
      Y.ptr,
      DY.ptr,
      o.ptr,
    ]);
  });
  return o;
}

export function softmax(s: WasmStorage, { x, axis, log, out }: KernelArgs['softmax']): DataHandle {
  const n = sizeOf(out.shape);
  const X = s.get(x.handle);
  const o = s.alloc('softmax', out.dtype, n);
  s.guard('softmax', [o], () => {
    if (n === 0) return;
    const [outer, len, inner] = splitAxis(x.shape, axis);
    const lines = outer * inner;
    s.rt.run(Job.softmax, lines, linesPerChunk(s, lines, len), [
      DTYPE_CODE[out.dtype],
      X.ptr,
      o.ptr,
      len,
      inner,
      log ? 1 : 0,
    ]);
  });
  return o;
}

export function softmaxBackward(
  s: WasmStorage,
  { y, dy, axis, log, out }: KernelArgs['softmaxBackward'],
): DataHandle {
  const n = sizeOf(out.shape);
  const Y = s.get(y.handle);
  const DY = s.get(dy.handle);
  const o = s.alloc('softmaxBackward', out.dtype, n);
  s.guard('softmaxBackward', [o], () => {
    if (n === 0) return;
    const [outer, len, inner] = splitAxis(y.shape, axis);
    const lines = outer * inner;
    s.rt.run(Job.softmaxBackward, lines, linesPerChunk(s, lines, len), [
      DTYPE_CODE[out.dtype],
      Y.ptr,
      DY.ptr,
      o.ptr,
      len,
      inner,
      log ? 1 : 0,
    ]);
  });
  return o;
}

export function crossEntropy(
  s: WasmStorage,
  { logits, labels, out }: KernelArgs['crossEntropy'],
): DataHandle {
  const X = s.get(logits.handle);
  const L = s.get(labels.handle);
  const [N, C] = logits.shape;
  const o = s.alloc('crossEntropy', out.dtype, N);
  s.guard('crossEntropy', [o], () => {
    s.rt.run(Job.crossEntropy, N, linesPerChunk(s, N, C), [DTYPE_CODE[out.dtype], X.ptr, L.ptr, o.ptr, C]);
  });
  return o;
}

export function crossEntropyBackward(
  s: WasmStorage,
  { logits, labels, dloss, out }: KernelArgs['crossEntropyBackward'],
): DataHandle {
  const X = s.get(logits.handle);
  const L = s.get(labels.handle);
  const D = s.get(dloss.handle);
  const [N, C] = logits.shape;
  const o = s.alloc('crossEntropyBackward', out.dtype, N * C);
  s.guard('crossEntropyBackward', [o], () => {
    s.rt.run(Job.crossEntropyBackward, N, linesPerChunk(s, N, C), [
      DTYPE_CODE[out.dtype],
      X.ptr,
      L.ptr,
      D.ptr,
      o.ptr,
      C,
    ]);
  });
  return o;
}

export function dropout(
  s: WasmStorage,
  { x, p, seed, out }: KernelArgs['dropout'],
): [DataHandle, DataHandle] {
  const n = sizeOf(out.shape);
  const X = s.get(x.handle);
  const y = s.alloc('dropout', out.dtype, n);
  let mask: ReturnType<WasmStorage['alloc']>;
  try {
    mask = s.alloc('dropout', out.dtype, n);
  } catch (e) {
    s.free(y);
    throw e;
  }
  // y uses the stored mask value (rounded to float32 for float32), so y === x * mask exactly
  const keep = out.dtype === 'float32' ? Math.fround(1 / (1 - p)) : 1 / (1 - p);
  s.guard('dropout', [y, mask], () => {
    s.rt.run(Job.dropout, n, s.rt.split(n, ELEMENTWISE_CHUNK), [
      DTYPE_CODE[out.dtype],
      X.ptr,
      y.ptr,
      mask.ptr,
      seed >>> 0,
      p,
      keep,
    ]);
  });
  return [y, mask];
}

export function sgdUpdate(
  s: WasmStorage,
  args: KernelArgs['sgdUpdate'],
): { param: DataHandle; velocity: DataHandle | null } {
  const dtype = args.param.dtype;
  const P = s.get(args.param.handle);
  const G = s.get(args.grad.handle);
  const V = args.velocity ? s.get(args.velocity.handle) : null;
  const n = P.length;
  const p2 = s.alloc('sgdUpdate', dtype, n);
  let v2: ReturnType<WasmStorage['alloc']> | null = null;
  try {
    if (V) v2 = s.alloc('sgdUpdate', dtype, n);
  } catch (e) {
    s.free(p2);
    throw e;
  }
  s.guard('sgdUpdate', v2 ? [p2, v2] : [p2], () => {
    s.rt.run(Job.sgd, n, s.rt.split(n, ELEMENTWISE_CHUNK), [
      DTYPE_CODE[dtype],
      P.ptr,
      G.ptr,
      V ? V.ptr : 0,
      p2.ptr,
      v2 ? v2.ptr : 0,
      args.lr,
      args.momentum,
      args.dampening,
      args.nesterov ? 1 : 0,
      args.weightDecay,
      args.l1,
      args.firstStep ? 1 : 0,
    ]);
  });
  return { param: p2, velocity: v2 };
}

export function adamUpdate(
  s: WasmStorage,
  args: KernelArgs['adamUpdate'],
): { param: DataHandle; m: DataHandle; v: DataHandle } {
  const dtype = args.param.dtype;
  const P = s.get(args.param.handle);
  const G = s.get(args.grad.handle);
  const Mt = s.get(args.m.handle);
  const Vt = s.get(args.v.handle);
  const n = P.length;
  const outs: ReturnType<WasmStorage['alloc']>[] = [];
  try {
    for (let i = 0; i < 3; i++) outs.push(s.alloc('adamUpdate', dtype, n));
  } catch (e) {
    for (const o of outs) s.free(o);
    throw e;
  }
  const [p2, m2, v2] = outs;
  s.guard('adamUpdate', outs, () => {
    s.rt.run(Job.adam, n, s.rt.split(n, ELEMENTWISE_CHUNK), [
      DTYPE_CODE[dtype],
      P.ptr,
      G.ptr,
      Mt.ptr,
      Vt.ptr,
      p2.ptr,
      m2.ptr,
      v2.ptr,
      args.lr,
      args.beta1,
      args.beta2,
      args.eps,
      args.weightDecay,
      args.decoupled ? 1 : 0,
      1 - args.beta1 ** args.step,
      1 - args.beta2 ** args.step,
    ]);
  });
  return { param: p2, m: m2, v: v2 };
}
