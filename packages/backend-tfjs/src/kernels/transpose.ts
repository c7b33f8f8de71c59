import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

export function transpose(c: KernelContext, { x, perm, out }: KernelArgs['transpose']): DataHandle {
  return c.run(out, () => tf.transpose(c.input(x), perm as number[]));
}
