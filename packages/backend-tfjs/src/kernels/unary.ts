import type { DataHandle, KernelArgs, UnaryOp } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelContext } from '../context.js';
import { absInt32, mulInt32, negInt32 } from './int32.js';

/** The ops that are one TF.js op on every backend, for float inputs. */
const SINGLE: Partial<Record<UnaryOp, (x: tf.Tensor) => tf.Tensor>> = {
  exp: tf.exp,
  sqrt: tf.sqrt,
  rsqrt: tf.rsqrt,
  reciprocal: tf.reciprocal,
  relu: tf.relu,
  sigmoid: tf.sigmoid,
  tanh: tf.tanh,
  softplus: tf.softplus,
  floor: tf.floor,
  ceil: tf.ceil,
  round: tf.round,
  sin: tf.sin,
  cos: tf.cos,
  expm1: tf.expm1,
  logicalNot: tf.logicalNot,
  isNaN: tf.isNaN,
  isFinite: tf.isFinite,
  neg: tf.neg,
  abs: tf.abs,
  square: tf.square,
};

export function unary(c: KernelContext, { op, x, out }: KernelArgs['unary']): DataHandle {
  const int32 = x.dtype === 'int32';
  const single = int32
    ? undefined
    : (SINGLE[op] ?? (op === 'log' && !c.fixes.logZeroFinite ? tf.log : undefined));
  if (single) return c.runOp(out, [x], single);
  return c.run(out, () => unaryOp(c, op, c.input(x), int32));
}

function unaryOp(c: KernelContext, op: UnaryOp, t: tf.Tensor, int32: boolean): tf.Tensor {
  switch (op) {
    case 'neg':
      return int32 && c.fixes.int32NegInexact ? negInt32(t) : tf.neg(t);
    case 'abs':
      return int32 && c.fixes.int32AbsInexact ? absInt32(t) : tf.abs(t);
    case 'sign':
      return int32 ? tf.sign(t) : signFloat(c, t);
    case 'square':
      return int32 && c.fixes.int32MulInexact ? mulInt32(t, t) : int32 ? tf.mul(t, t) : tf.square(t);
    case 'exp':
      return tf.exp(t);
    case 'log':
      return logIEEE(c, t);
    case 'sqrt':
      return tf.sqrt(t);
    case 'rsqrt':
      return tf.rsqrt(t);
    case 'reciprocal':
      return tf.reciprocal(t);
    case 'relu':
      return tf.relu(t);
    case 'sigmoid':
      return tf.sigmoid(t);
    case 'tanh':
      return tf.tanh(t);
    case 'softplus':
      return tf.softplus(t);
    case 'floor':
      return tf.floor(t);
    case 'ceil':
      return tf.ceil(t);
    case 'round':
      return tf.round(t);
    case 'sin':
      return tf.sin(t);
    case 'cos':
      return tf.cos(t);
    case 'log1p':
      return c.fixes.log1pCancels ? log1pComposed(c, t) : tf.log1p(t);
    case 'expm1':
      return tf.expm1(t);
    case 'logicalNot':
      return tf.logicalNot(t);
    case 'isNaN':
      return tf.isNaN(t);
    case 'isFinite':
      return tf.isFinite(t);
  }
}

/**
 * float sign as the contract has it: ±1 for every nonzero x however tiny, 0 at ±0, NaN kept
 * (TF.js gives sign(NaN) = 0). Composed from comparisons where the backend's sign flushes
 * |x| < FLT_EPSILON to 0.
 */
export function signFloat(c: KernelContext, t: tf.Tensor): tf.Tensor {
  const s = c.fixes.signFlushesTiny
    ? tf.sub(tf.cast(tf.greater(t, 0), t.dtype), tf.cast(tf.less(t, 0), t.dtype))
    : tf.sign(t);
  return tf.where(tf.isNaN(t), t, s);
}

/** log with log(0) = −∞ where the backend's is finite. */
function logIEEE(c: KernelContext, t: tf.Tensor): tf.Tensor {
  if (!c.fixes.logZeroFinite) return tf.log(t);
  return tf.where(tf.equal(t, 0), tf.scalar(Number.NEGATIVE_INFINITY), tf.log(t));
}

/**
 * log1p without cancellation (Goldberg): u = 1 + x rounded; log1p(x) = x when
 * u == 1, else log(u) · x / (u − 1), which cancels the rounding error of u.
 */
function log1pComposed(c: KernelContext, x: tf.Tensor): tf.Tensor {
  const u = tf.add(x, 1);
  const d = tf.sub(u, 1);
  const r = tf.where(tf.equal(d, 0), x, tf.mul(logIEEE(c, u), tf.div(x, d)));
  // x = +Infinity: log(u)·x/(u−1) is ∞·∞/∞ = NaN.
  return tf.where(tf.equal(x, Number.POSITIVE_INFINITY), x, r);
}
