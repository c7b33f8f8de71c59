import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';
import { onLastAxis } from './axis.js';

/** TF.js's own stable softmax / logSoftmax kernels (max subtracted first). */
export function softmax(c: KernelContext, { x, axis, log, out }: KernelArgs['softmax']): DataHandle {
  return c.run(out, () => onLastAxis(c.input(x), axis, (t) => (log ? tf.logSoftmax(t) : tf.softmax(t))));
}
