import type { CompareOp, DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

const OPS: Record<CompareOp, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor> = {
  equal: tf.equal,
  notEqual: tf.notEqual,
  less: tf.less,
  lessEqual: tf.lessEqual,
  greater: tf.greater,
  greaterEqual: tf.greaterEqual,
};

export function compare(c: KernelContext, { op, a, b, out }: KernelArgs['compare']): DataHandle {
  return c.runOp(out, [a, b], OPS[op]);
}
