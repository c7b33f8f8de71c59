import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

/**
 * New tensors, `step` from 1. Adam: g' = grad + wd·p; AdamW (decoupled): p ← p·(1 − lr·wd) first.
 * m' = b1·m + (1 − b1)·g'; v' = b2·v + (1 − b2)·g'²; p' = p − lr·(m'/(1 − b1^t)) / (sqrt(v'/(1 − b2^t)) + eps).
 */
export function adamUpdate(
  c: KernelContext,
  args: KernelArgs['adamUpdate'],
): { param: DataHandle; m: DataHandle; v: DataHandle } {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, step } = args;
  const [p2, m2, v2] = c.runMany(() => {
    let p = c.input(args.param);
    let g = c.input(args.grad);
    if (!decoupled && weightDecay !== 0) g = tf.add(g, tf.mul(p, weightDecay));
    if (decoupled && weightDecay !== 0) p = tf.mul(p, 1 - lr * weightDecay);
    const m = tf.add(tf.mul(c.input(args.m), beta1), tf.mul(g, 1 - beta1));
    const v = tf.add(tf.mul(c.input(args.v), beta2), tf.mul(tf.square(g), 1 - beta2));
    const mHat = tf.div(m, 1 - beta1 ** step);
    const denom = tf.add(tf.sqrt(tf.div(v, 1 - beta2 ** step)), eps);
    return [tf.sub(p, tf.div(tf.mul(mHat, lr), denom)), m, v];
  });
  return { param: c.wrap(p2), m: c.wrap(m2), v: c.wrap(v2) };
}
