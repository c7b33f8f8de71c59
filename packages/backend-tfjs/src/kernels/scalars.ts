import type { DType } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';

/** A TF.js scalar of a Polygrad dtype (a bare JS number would be float32 and upcast int32 operands). */
export function scalarOf(value: number, dtype: DType): tf.Scalar {
  return tf.scalar(dtype === 'bool' ? (value !== 0 ? 1 : 0) : value, dtype as tf.DataType);
}
