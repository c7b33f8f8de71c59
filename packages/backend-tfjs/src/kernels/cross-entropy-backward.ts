import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';
import { labelMask } from './cross-entropy.js';

/** dlogits = (softmax(logits) − onehot(labels)) · dloss[:, None]. */
export function crossEntropyBackward(
  c: KernelContext,
  { logits, labels, dloss, out }: KernelArgs['crossEntropyBackward'],
): DataHandle {
  return c.run(out, () => {
    const p = tf.softmax(c.input(logits));
    const diff = tf.where(labelMask(c.input(labels), logits.shape[1]), tf.sub(p, 1), p);
    return tf.mul(diff, tf.reshape(c.input(dloss), [logits.shape[0], 1]));
  });
}
