import { type DataHandle, type KernelArgs, sizeOf } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

/**
 * x·Wᵀ + b as one TF.js fused matMul (transposeB read in place, the bias added
 * in the same kernel), unless the backend's fused bias is wrong (see fixes.ts).
 */
export function linear(c: KernelContext, { x, weight, bias, out }: KernelArgs['linear']): DataHandle {
  return c.run(out, () => {
    if (sizeOf(x.shape) === 0 || sizeOf(weight.shape) === 0) {
      // in_features = 0: the product is a sum of no terms.
      const zeros = tf.zeros(out.shape as number[], 'float32');
      return bias ? tf.add(zeros, c.input(bias)) : zeros;
    }
    if (bias && c.fixes.fusedBiasTransposedWrong) {
      return tf.add(tf.matMul(c.input(x), c.input(weight), false, true), c.input(bias));
    }
    return tf.fused.matMul({
      a: c.input(x),
      b: c.input(weight),
      transposeB: true,
      bias: bias ? c.input(bias) : undefined,
    });
  });
}
