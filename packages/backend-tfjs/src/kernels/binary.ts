import type { BinaryOp, DataHandle, KernelArgs } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';
import { mulInt32 } from './int32.js';

/** The ops that are one TF.js op on every backend. */
const SINGLE: Partial<Record<BinaryOp, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor>> = {
  add: tf.add,
  sub: tf.sub,
  pow: tf.pow,
  logicalAnd: tf.logicalAnd,
  logicalOr: tf.logicalOr,
};

export function binary(c: KernelContext, { op, a, b, out }: KernelArgs['binary']): DataHandle {
  const int32 = out.dtype === 'int32';
  const single =
    SINGLE[op] ??
    (op === 'mul' && !(int32 && c.fixes.int32MulInexact) ? tf.mul : undefined) ??
    (op === 'div' && !c.fixes.divEqualIsOne ? tf.div : undefined) ??
    (op === 'maximum' && (int32 || !c.fixes.maxMinDropNaN) ? tf.maximum : undefined) ??
    (op === 'minimum' && (int32 || !c.fixes.maxMinDropNaN) ? tf.minimum : undefined);
  if (single) return c.runOp(out, [a, b], single);
  return c.run(out, () => binaryOp(c, op, c.input(a), c.input(b), int32));
}

export function binaryOp(
  c: KernelContext,
  op: BinaryOp,
  a: tf.Tensor,
  b: tf.Tensor,
  int32: boolean,
): tf.Tensor {
  switch (op) {
    case 'add':
      return tf.add(a, b);
    case 'sub':
      return tf.sub(a, b);
    case 'mul':
      return int32 && c.fixes.int32MulInexact ? mulInt32(a, b) : tf.mul(a, b);
    case 'div':
      return c.fixes.divEqualIsOne ? divIEEE(a, b) : tf.div(a, b);
    case 'pow':
      return tf.pow(a, b);
    case 'maximum':
      return propagateNaN(c, a, b, tf.maximum(a, b), int32);
    case 'minimum':
      return propagateNaN(c, a, b, tf.minimum(a, b), int32);
    case 'logicalAnd':
      return tf.logicalAnd(a, b);
    case 'logicalOr':
      return tf.logicalOr(a, b);
  }
}

/** a / b with 0/0 and ±∞/±∞ giving NaN, where the backend's div returns 1 for equal operands. */
function divIEEE(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const undefinedRatio = tf.logicalAnd(
    tf.equal(a, b),
    tf.logicalOr(tf.equal(a, 0), tf.logicalNot(tf.isFinite(a))),
  );
  return tf.where(undefinedRatio, tf.scalar(Number.NaN), tf.div(a, b));
}

/** Where the backend's maximum/minimum drop NaN, put it back: NaN wherever either operand is NaN. */
function propagateNaN(c: KernelContext, a: tf.Tensor, b: tf.Tensor, r: tf.Tensor, int32: boolean): tf.Tensor {
  if (!c.fixes.maxMinDropNaN || int32 || a.dtype === 'bool') return r;
  return tf.where(tf.logicalOr(tf.isNaN(a), tf.isNaN(b)), tf.scalar(Number.NaN), r);
}
