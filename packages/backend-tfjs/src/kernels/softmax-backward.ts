import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

/** softmax: dx = y·(dy − Σ dy·y); log-softmax: dx = dy − exp(y)·Σ dy (sums along `axis`). */
export function softmaxBackward(
  c: KernelContext,
  { y, dy, axis, log, out }: KernelArgs['softmaxBackward'],
): DataHandle {
  return c.run(out, () => {
    const yt = c.input(y);
    const g = c.input(dy);
    if (log) return tf.sub(g, tf.mul(tf.exp(yt), tf.sum(g, axis, true)));
    return tf.mul(yt, tf.sub(g, tf.sum(tf.mul(g, yt), axis, true)));
  });
}
