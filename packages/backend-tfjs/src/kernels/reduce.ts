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
        return tf.sum(t, ax);
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
