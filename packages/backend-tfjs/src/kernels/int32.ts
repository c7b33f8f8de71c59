/**
 * Exact two's-complement int32 arithmetic from TF.js ops that are exact on
 * small operands, for TF.js backends whose int32 mul/neg/abs/prod round
 * through floating point (see fixes.ts).
 */
import * as tf from '@tensorflow/tfjs-core';

const int = (v: number): tf.Scalar => tf.scalar(v, 'int32');

/**
 * a·b mod 2^32 from 16-bit halves: with a = ah·2^16 + al (al in [0, 2^16)),
 * a·b = al·bl + (ah·bl + al·bh)·2^16 (mod 2^32). Every partial product is
 * below 2^47, so it is exact in float64 and wraps correctly when stored.
 */
export function mulInt32(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const base = int(65536);
  const ah = tf.floorDiv(a, base);
  const al = tf.sub(a, tf.mul(ah, base));
  const bh = tf.floorDiv(b, base);
  const bl = tf.sub(b, tf.mul(bh, base));
  const cross = tf.add(tf.mul(ah, bl), tf.mul(al, bh));
  return tf.add(tf.mul(al, bl), tf.mul(cross, base));
}

/** -x mod 2^32 (0 - x: int32 subtraction is exact on every TF.js backend with wrapping int32). */
export function negInt32(x: tf.Tensor): tf.Tensor {
  return tf.sub(int(0), x);
}

/** |x| with abs(-2^31) = -2^31, as two's complement wraps. */
export function absInt32(x: tf.Tensor): tf.Tensor {
  return tf.where(tf.less(x, int(0)), negInt32(x), x);
}

/** Product over the last axis by pairwise exact multiplication (log2(k) steps). */
export function prodLastAxisInt32(x: tf.Tensor): tf.Tensor {
  let t = x;
  while (t.shape[t.rank - 1] > 1) {
    const k = t.shape[t.rank - 1];
    if (k % 2 === 1) {
      const pad: [number, number][] = t.shape.map(() => [0, 0] as [number, number]);
      pad[t.rank - 1] = [0, 1];
      t = tf.pad(t, pad, 1);
    }
    const [lo, hi] = tf.split(t, 2, t.rank - 1);
    t = mulInt32(lo, hi);
  }
  return tf.squeeze(t, [t.rank - 1]);
}
