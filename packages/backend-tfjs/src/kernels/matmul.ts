import { type DataHandle, type KernelArgs, sizeOf } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

/** tf.matMul reads the transposes in place and broadcasts a batch of 1. */
export function matmul(
  c: KernelContext,
  { a, b, transposeA, transposeB, out }: KernelArgs['matmul'],
): DataHandle {
  return c.run(out, () => {
    // K = 0: a sum of no terms. tfjs-wasm leaves the output uninitialised.
    if (sizeOf(a.shape) === 0 || sizeOf(b.shape) === 0) return tf.zeros(out.shape as number[], 'float32');
    return tf.matMul(c.input(a), c.input(b), transposeA, transposeB);
  });
}
