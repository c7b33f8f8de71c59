import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';

/** dx = dy·f'(x) in one tidy; relu' is 0 where x <= 0 (PyTorch's convention, as the CPU backend). */
export function activationBackward(
  c: KernelContext,
  { op, x, y, dy, out }: KernelArgs['activationBackward'],
): DataHandle {
  return c.run(out, () => {
    const g = c.input(dy);
    switch (op) {
      case 'relu':
        return tf.where(tf.lessEqual(c.input(x), 0), tf.zerosLike(g), g);
      case 'sigmoid': {
        const s = c.input(y);
        return tf.mul(g, tf.mul(s, tf.sub(1, s)));
      }
      case 'tanh': {
        const t = c.input(y);
        return tf.mul(g, tf.sub(1, tf.square(t)));
      }
      case 'softplus':
        return tf.mul(g, tf.sigmoid(c.input(x)));
    }
  });
}
