import { type DataHandle, type KernelArgs, sizeOf } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

/** tf.matMul reads the transposes in place and broadcasts a batch of 1. */
export function matmul(
  c: KernelContext,
  { a, b, transposeA, transposeB, out }: KernelArgs['matmul'],
): DataHandle {
  // K = 0: a sum of no terms. tfjs-wasm leaves the output uninitialised.
  if (sizeOf(a.shape) === 0 || sizeOf(b.shape) === 0) {
    return c.run(out, () => tf.zeros(out.shape as number[], 'float32'));
  }
  return c.runOp(out, [a, b], (x, y) => tf.matMul(x, y, transposeA, transposeB));
}
