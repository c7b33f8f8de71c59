import { type DataHandle, type KernelArgs, sizeOf } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';
import { scalarOf } from './scalars.js';

export function pad(c: KernelContext, { x, before, value, out }: KernelArgs['pad']): DataHandle {
  return c.run(out, () => {
    const fillValue = out.dtype === 'bool' ? Number(value !== 0) : value;
    if (sizeOf(x.shape) === 0) return tf.fill(out.shape as number[], fillValue, out.dtype as tf.DataType);
    const paddings = before.map((b, i) => [b, out.shape[i] - x.shape[i] - b] as [number, number]);
    const t = c.input(x);
    if (out.dtype === 'int32' && c.fixes.int32PadValueInexact && Math.fround(fillValue) !== fillValue) {
      // Pad x − v with 0, add v back: exact, as int32 add and sub wrap exactly.
      const v = scalarOf(fillValue, 'int32');
      return tf.add(tf.pad(tf.sub(t, v), paddings, 0), v);
    }
    return tf.pad(t, paddings, fillValue);
  });
}
