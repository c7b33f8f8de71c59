import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

export function fill(c: KernelContext, { value, out }: KernelArgs['fill']): DataHandle {
  return c.run(out, () =>
    tf.fill(
      out.shape as number[],
      out.dtype === 'bool' ? Number(value !== 0) : value,
      out.dtype as tf.DataType,
    ),
  );
}
