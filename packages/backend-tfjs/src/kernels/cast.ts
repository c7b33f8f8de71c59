import type { DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';
import { scalarOf } from './scalars.js';

/**
 * To bool is `x != 0` with NaN → true, built from `equal` (tfjs-wasm's cast
 * keeps the raw value and maps NaN to false). Float → int32 is TF.js's cast:
 * truncation toward zero, wrapping modulo 2^32, NaN → 0, on cpu and wasm.
 */
export function cast(c: KernelContext, { x, out }: KernelArgs['cast']): DataHandle {
  return c.run(out, () => {
    const t = c.input(x);
    if (x.dtype === out.dtype) return t;
    if (out.dtype === 'bool') return tf.logicalNot(tf.equal(t, scalarOf(0, x.dtype)));
    return tf.cast(t, out.dtype as tf.DataType);
  });
}
