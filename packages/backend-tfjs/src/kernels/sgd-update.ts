import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';
import { signFloat } from './unary.js';

/**
 * New tensors (TF.js tensors are immutable): g' = grad + wd·p + l1·sign(p);
 * v' = firstStep ? g' : momentum·v + (1 − dampening)·g' (PyTorch: a parameter's first velocity is
 * the undampened gradient); step = nesterov ? g' + momentum·v' : v'; p' = p − lr·step.
 */
export function sgdUpdate(
  c: KernelContext,
  args: KernelArgs['sgdUpdate'],
): { param: DataHandle; velocity: DataHandle | null } {
  const { lr, momentum, dampening, nesterov, weightDecay, l1, firstStep } = args;
  const [p2, v2] = c.runMany(() => {
    const p = c.input(args.param);
    let g = c.input(args.grad);
    if (weightDecay !== 0) g = tf.add(g, tf.mul(p, weightDecay));
    if (l1 !== 0) g = tf.add(g, tf.mul(signFloat(c, p), l1));
    if (args.velocity === null) return [tf.sub(p, tf.mul(g, lr))];
    const v = firstStep ? g : tf.add(tf.mul(c.input(args.velocity), momentum), tf.mul(g, 1 - dampening));
    const step = nesterov ? tf.add(g, tf.mul(v, momentum)) : v;
    return [tf.sub(p, tf.mul(step, lr)), v];
  });
  return { param: c.wrap(p2), velocity: v2 ? c.wrap(v2) : null };
}
