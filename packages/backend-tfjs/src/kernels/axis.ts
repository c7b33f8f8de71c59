import * as tf from '@tensorflow/tfjs-core';

/**
 * TF.js's softmax and logSoftmax work on the last axis only: apply `f` to `t`
 * with `axis` moved last, and move it back.
 */
export function onLastAxis(t: tf.Tensor, axis: number, f: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  const last = t.rank - 1;
  if (axis === last) return f(t);
  const perm = t.shape.map((_, i) => i);
  perm[axis] = last;
  perm[last] = axis;
  return tf.transpose(f(tf.transpose(t, perm)), perm);
}
