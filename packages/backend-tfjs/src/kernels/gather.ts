import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';
import { scalarOf } from './scalars.js';

/**
 * tf.gather throws on an index out of range (it reads the indices on the
 * host); the contract writes 0 there without reading the indices back, so
 * indices out of range are replaced by 0 on the device and their rows zeroed.
 */
export function gather(c: KernelContext, { x, indices, axis, out }: KernelArgs['gather']): DataHandle {
  return c.run(out, () => {
    const n = x.shape[axis];
    if (n === 0) return tf.zeros(out.shape as number[], out.dtype as tf.DataType);
    const idx = c.input(indices);
    const valid = tf.logicalAnd(
      tf.greaterEqual(idx, scalarOf(0, 'int32')),
      tf.less(idx, scalarOf(n, 'int32')),
    );
    // Not clipByValue: tfjs-wasm clamps int32 as if it were float32.
    const rows = tf.gather(c.input(x), tf.where(valid, idx, tf.zerosLike(idx)), axis);
    // valid has indices' shape; give it the output's rank: 1s before (axis dims) and after (trailing dims).
    const maskShape = [
      ...x.shape.slice(0, axis).map(() => 1),
      ...indices.shape,
      ...x.shape.slice(axis + 1).map(() => 1),
    ];
    return tf.where(tf.reshape(valid, maskShape), rows, tf.zerosLike(rows));
  });
}
