import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

/** Row mask of the label column (tf.oneHot gives an all-zero row for a label out of range). */
export function labelMask(labels: tf.Tensor, classes: number): tf.Tensor {
  return tf.cast(tf.oneHot(labels, classes), 'bool');
}

/** −logSoftmax(logits)[label] per row; the label is picked with a mask, so −∞ elsewhere never meets a 0. */
export function crossEntropy(
  c: KernelContext,
  { logits, labels, out }: KernelArgs['crossEntropy'],
): DataHandle {
  return c.run(out, () => {
    const ls = tf.logSoftmax(c.input(logits));
    const picked = tf.where(labelMask(c.input(labels), logits.shape[1]), ls, tf.zerosLike(ls));
    return tf.neg(tf.sum(picked, 1));
  });
}
