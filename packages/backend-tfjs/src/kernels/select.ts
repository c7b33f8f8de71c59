import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

/** tf.where broadcasts the condition and both branches (tfjs-core >= 4). */
export function select(c: KernelContext, { cond, a, b, out }: KernelArgs['select']): DataHandle {
  return c.run(out, () => tf.where(c.input(cond), c.input(a), c.input(b)));
}
