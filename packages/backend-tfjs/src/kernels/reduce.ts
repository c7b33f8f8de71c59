import { type DataHandle, type DType, type KernelArgs, type ReduceOp, sizeOf } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';
import { prodLastAxisInt32 } from './int32.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function identity(op: ReduceOp, dtype: DType): number {
  switch (op) {
    case 'sum':
      return 0;
    case 'prod':
      return 1;
    case 'max':
      return dtype === 'int32' ? INT32_MIN : Number.NEGATIVE_INFINITY;
    case 'min':
      return dtype === 'int32' ? INT32_MAX : Number.POSITIVE_INFINITY;
  }
}

export function reduce(c: KernelContext, { op, x, axes, out }: KernelArgs['reduce']): DataHandle {
  return c.run(out, () => {
    // An empty input has no elements to reduce: TF.js returns NaN (cpu) or garbage (wasm); the contract says identity.
    if (sizeOf(x.shape) === 0)
      return tf.fill(out.shape as number[], identity(op, out.dtype), out.dtype as tf.DataType);
    const t = c.input(x);
    if (axes.length === 0) return t;
    const ax = axes as number[];
    switch (op) {
      case 'sum':
        return t.dtype === 'float32' && c.fixes.sumAccumulatesSequentially
          ? blockedSum(t, ax)
          : tf.sum(t, ax);
      case 'prod':
        return out.dtype === 'int32' && c.fixes.int32ProdInexact ? prodInt32(t, ax) : tf.prod(t, ax);
      case 'max':
        return tf.max(t, ax);
      case 'min':
        return tf.min(t, ax);
    }
  });
}

/** Move the reduced axes last, flatten them, multiply pairwise exactly. */
function prodInt32(t: tf.Tensor, axes: number[]): tf.Tensor {
  const keep = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const moved = tf.transpose(t, [...keep, ...axes]);
  const k = axes.reduce((p, a) => p * t.shape[a], 1);
  return prodLastAxisInt32(tf.reshape(moved, [...keep.map((i) => t.shape[i]), k]));
}

/** Terms one TF.js sum adds into a single accumulator, where its sum accumulates sequentially. */
const SUM_BLOCK = 64;

/**
 * Σ over `axes` where the backend's sum adds all n terms to one float32 accumulator (error ~n·ε):
 * the reduced axes moved last and flattened, then summed in blocks of SUM_BLOCK, block sums again
 * in blocks, until one block is left. No accumulator adds more than SUM_BLOCK terms, so the error is
 * ~SUM_BLOCK·log_SUM_BLOCK(n)·ε. Zeros pad the last block (x + 0 = x; NaN and ±∞ propagate as in
 * any order).
 */
function blockedSum(t: tf.Tensor, axes: number[]): tf.Tensor {
  const n = axes.reduce((p, a) => p * t.shape[a], 1);
  if (n <= SUM_BLOCK) return tf.sum(t, axes);
  const keep = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const keepShape = keep.map((i) => t.shape[i]);
  const perm = [...keep, ...axes];
  const moved = perm.every((p, i) => p === i) ? t : tf.transpose(t, perm);
  let r = tf.reshape(moved, [...keepShape, n]);
  let len = n;
  while (len > SUM_BLOCK) {
    const blocks = Math.ceil(len / SUM_BLOCK);
    if (blocks * SUM_BLOCK !== len) {
      const pad: [number, number][] = keepShape.map(() => [0, 0] as [number, number]);
      r = tf.pad(r, [...pad, [0, blocks * SUM_BLOCK - len]], 0);
    }
    r = tf.sum(tf.reshape(r, [...keepShape, blocks, SUM_BLOCK]), keep.length + 1);
    len = blocks;
  }
  return tf.sum(r, keep.length);
}
