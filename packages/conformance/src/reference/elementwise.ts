/** Naive float64 elementwise functions: unary, binary, comparisons, select, activation gradients. */
import type { BinaryOp, CompareOp, UnaryOp } from '@polygrad/core';
import { broadcastMap, type NDArray } from './ndarray.js';

/** Round half to even. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Logistic sigmoid 1 / (1 + e^−x), in the form that does not overflow for large |x|. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** softplus log(1 + eˣ), computed stably as max(x, 0) + log1p(e^−|x|). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * The float64 scalar function of a unary op of core's kernel table (NaN rules and half-to-even rounding
 * included).
 */
export function unaryFn(op: UnaryOp): (x: number) => number {
  switch (op) {
    case 'neg':
      return (x) => -x;
    case 'abs':
      return (x) => Math.abs(x);
    case 'sign':
      return (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0);
    case 'exp':
      return (x) => Math.exp(x);
    case 'log':
      return (x) => Math.log(x);
    case 'sqrt':
      return (x) => Math.sqrt(x);
    case 'rsqrt':
      return (x) => 1 / Math.sqrt(x);
    case 'square':
      return (x) => x * x;
    case 'reciprocal':
      return (x) => 1 / x;
    case 'relu':
      return (x) => Math.max(x, 0);
    case 'sigmoid':
      return sigmoid;
    case 'tanh':
      return (x) => Math.tanh(x);
    case 'softplus':
      return softplus;
    case 'floor':
      return (x) => Math.floor(x);
    case 'ceil':
      return (x) => Math.ceil(x);
    case 'round':
      return roundHalfEven;
    case 'sin':
      return (x) => Math.sin(x);
    case 'cos':
      return (x) => Math.cos(x);
    case 'log1p':
      return (x) => Math.log1p(x);
    case 'expm1':
      return (x) => Math.expm1(x);
    case 'logicalNot':
      return (x) => (x === 0 ? 1 : 0);
    case 'isNaN':
      return (x) => (Number.isNaN(x) ? 1 : 0);
    case 'isFinite':
      return (x) => (Number.isFinite(x) ? 1 : 0);
  }
}

/** d op(x) / dx, for the differentiable unary ops (0 for piecewise-constant ones). */
export function unaryDerivative(op: UnaryOp): (x: number) => number {
  switch (op) {
    case 'neg':
      return () => -1;
    case 'abs':
      return (x) => (x > 0 ? 1 : x < 0 ? -1 : 0);
    case 'exp':
      return (x) => Math.exp(x);
    case 'log':
      return (x) => 1 / x;
    case 'sqrt':
      return (x) => 0.5 / Math.sqrt(x);
    case 'rsqrt':
      return (x) => -0.5 * x ** -1.5;
    case 'square':
      return (x) => 2 * x;
    case 'reciprocal':
      return (x) => -1 / (x * x);
    case 'relu':
      return (x) => (x > 0 ? 1 : 0);
    case 'sigmoid':
      return (x) => sigmoid(x) * (1 - sigmoid(x));
    case 'tanh':
      return (x) => 1 - Math.tanh(x) ** 2;
    case 'softplus':
      return sigmoid;
    case 'sin':
      return (x) => Math.cos(x);
    case 'cos':
      return (x) => -Math.sin(x);
    case 'log1p':
      return (x) => 1 / (1 + x);
    case 'expm1':
      return (x) => Math.exp(x);
    default:
      return () => 0;
  }
}

/** int32 arithmetic wraps like a 32-bit machine integer. */
export function binaryFn(op: BinaryOp, int32 = false): (a: number, b: number) => number {
  switch (op) {
    case 'add':
      return int32 ? (a, b) => (a + b) | 0 : (a, b) => a + b;
    case 'sub':
      return int32 ? (a, b) => (a - b) | 0 : (a, b) => a - b;
    case 'mul':
      return int32 ? (a, b) => Math.imul(a, b) : (a, b) => a * b;
    case 'div':
      return (a, b) => a / b;
    case 'pow':
      return (a, b) => a ** b;
    case 'maximum':
      return (a, b) => Math.max(a, b);
    case 'minimum':
      return (a, b) => Math.min(a, b);
    case 'logicalAnd':
      return (a, b) => (a !== 0 && b !== 0 ? 1 : 0);
    case 'logicalOr':
      return (a, b) => (a !== 0 || b !== 0 ? 1 : 0);
  }
}

/** [∂op/∂a, ∂op/∂b] at (a, b); ties of maximum/minimum send the gradient to b (as core documents). */
export function binaryPartials(op: BinaryOp): (a: number, b: number) => [number, number] {
  switch (op) {
    case 'add':
      return () => [1, 1];
    case 'sub':
      return () => [1, -1];
    case 'mul':
      return (a, b) => [b, a];
    case 'div':
      return (a, b) => [1 / b, -a / (b * b)];
    case 'pow':
      return (a, b) => [b * a ** (b - 1), a > 0 ? a ** b * Math.log(a) : 0];
    case 'maximum':
      return (a, b) => (a > b ? [1, 0] : [0, 1]);
    case 'minimum':
      return (a, b) => (a < b ? [1, 0] : [0, 1]);
    default:
      return () => [0, 0];
  }
}

/** The scalar function of a comparison op: 1 where it holds, else 0. */
export function compareFn(op: CompareOp): (a: number, b: number) => number {
  switch (op) {
    case 'equal':
      return (a, b) => (a === b ? 1 : 0);
    case 'notEqual':
      return (a, b) => (a !== b ? 1 : 0);
    case 'less':
      return (a, b) => (a < b ? 1 : 0);
    case 'lessEqual':
      return (a, b) => (a <= b ? 1 : 0);
    case 'greater':
      return (a, b) => (a > b ? 1 : 0);
    case 'greaterEqual':
      return (a, b) => (a >= b ? 1 : 0);
  }
}

/** A unary op applied to every element of `x`. */
export const unary = (op: UnaryOp, x: NDArray): NDArray => broadcastMap([x], unaryFn(op));
/** A binary op with NumPy broadcasting; `int32` selects int32 semantics (wrapping, truncating division). */
export const binary = (op: BinaryOp, a: NDArray, b: NDArray, int32 = false): NDArray =>
  broadcastMap([a, b], binaryFn(op, int32));
/** A comparison with NumPy broadcasting: 1 where it holds, else 0. */
export const compare = (op: CompareOp, a: NDArray, b: NDArray): NDArray =>
  broadcastMap([a, b], compareFn(op));
/** `where`: `a` where `cond` is non-zero, else `b`, all three broadcast together. */
export const select = (cond: NDArray, a: NDArray, b: NDArray): NDArray =>
  broadcastMap([cond, a, b], (c, x, y) => (c !== 0 ? x : y));

/** The activation-backward kernel: dx = dy · f'(x). */
export function activationBackward(
  op: 'relu' | 'sigmoid' | 'tanh' | 'softplus',
  x: NDArray,
  dy: NDArray,
): NDArray {
  const d = unaryDerivative(op);
  return broadcastMap([x, dy], (v, g) => g * d(v));
}
