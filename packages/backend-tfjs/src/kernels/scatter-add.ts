import { type DataHandle, type KernelArgs, sizeOf } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';
import { scalarOf } from './scalars.js';

/**
 * out (zeros) receives `updates` summed at the rows `indices` name along
 * `axis`: tf.scatterND over the axis moved first (it sums duplicate indices).
 * Out-of-range indices are ignored: their updates are zeroed and sent to row 0.
 */
export function scatterAdd(
  c: KernelContext,
  { updates, indices, axis, out }: KernelArgs['scatterAdd'],
): DataHandle {
  return c.run(out, () => {
    const n = out.shape[axis];
    const I = sizeOf(indices.shape);
    if (I === 0) return tf.zeros(out.shape as number[], out.dtype as tf.DataType);
    const P = sizeOf(out.shape.slice(0, axis));
    const S = sizeOf(out.shape.slice(axis + 1));
    const idx = tf.reshape(c.input(indices), [I]);
    const valid = tf.logicalAnd(
      tf.greaterEqual(idx, scalarOf(0, 'int32')),
      tf.less(idx, scalarOf(n, 'int32')),
    );
    const safe = tf.where(valid, idx, tf.zerosLike(idx));
    let u = tf.reshape(c.input(updates), [P, I, S]);
    u = tf.where(tf.reshape(valid, [1, I, 1]), u, tf.zerosLike(u));
    const first = P === 1 ? tf.reshape(u, [I, 1, S]) : tf.transpose(u, [1, 0, 2]);
    const summed = tf.scatterND(tf.reshape(safe, [I, 1]), first, [n, P, S]);
    return P === 1 ? summed : tf.transpose(summed, [1, 0, 2]);
  });
}
