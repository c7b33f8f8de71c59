import { type DataHandle, type KernelArgs, sizeOf } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

export function concat(c: KernelContext, { xs, axis, out }: KernelArgs['concat']): DataHandle {
  return c.run(out, () => {
    // Empty pieces contribute nothing (and some TF.js kernels mishandle them).
    const parts = xs.filter((x) => sizeOf(x.shape) > 0).map((x) => c.input(x));
    return parts.length === 1 ? parts[0] : tf.concat(parts, axis);
  });
}
