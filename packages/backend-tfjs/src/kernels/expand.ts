import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

export function expand(c: KernelContext, { x, out }: KernelArgs['expand']): DataHandle {
  return c.run(out, () => tf.broadcastTo(c.input(x), out.shape as number[]));
}
