import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

/** First index of the max (min); TF.js skips NaN, the contract counts the first NaN as the extreme. */
export function argReduce(c: KernelContext, { op, x, axis, out }: KernelArgs['argReduce']): DataHandle {
  return c.run(out, () => {
    const t = c.input(x);
    const r = op === 'argmax' ? tf.argMax(t, axis) : tf.argMin(t, axis);
    if (x.dtype !== 'float32') return r;
    const nan = tf.isNaN(t);
    const firstNaN = tf.argMax(tf.cast(nan, 'int32'), axis);
    return tf.where(tf.any(nan, axis), firstNaN, r);
  });
}
