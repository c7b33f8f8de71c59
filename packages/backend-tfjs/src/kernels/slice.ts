import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

export function slice(c: KernelContext, { x, begin, out }: KernelArgs['slice']): DataHandle {
  return c.run(out, () => tf.slice(c.input(x), begin as number[], out.shape as number[]));
}
