import { usesKernel } from '../backend/capabilities.js';
import type { UnaryOp } from '../backend/kernel-table.js';
import { type DType, isFloat } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { add, div, mul, sub } from './binary.js';
import { cast } from './cast.js';
import { greater } from './compare.js';
import { zerosLike } from './creation.js';
import { asTensor, backendOf, checkDTypes, exec, record, type TensorLike } from './dispatch.js';
import { where } from './where.js';

type Vjp = (dy: Tensor, x: Tensor, y: Tensor) => Tensor;

/** Ops defined on integers too; every other unary op computes in float (ints promote to float32). */
const INT_OK = new Set<UnaryOp>(['neg', 'abs', 'sign', 'square']);

function unary(op: UnaryOp, x0: TensorLike, vjp: Vjp | null, outDtype?: DType): Tensor {
  const x1 = asTensor(op, x0);
  let x = x1;
  if (op === 'logicalNot') checkDTypes(op, x1, ['bool']);
  else if (op === 'isNaN' || op === 'isFinite') {
    /* any dtype */
  } else if (x1.dtype === 'bool') x = cast(x1, INT_OK.has(op) ? 'int32' : 'float32');
  else if (!isFloat(x1.dtype) && !INT_OK.has(op)) x = cast(x1, 'float32');
  const dtype = outDtype ?? x.dtype;
  const out = exec(backendOf(op, [x]), 'unary', { op, x: x._info(op), out: { shape: x.shape, dtype } });
  if (x !== x1) x.dispose();
  if (!vjp || !isFloat(x.dtype)) return out;
  return record(out, op, [x], (dy) => [vjp(dy, x, out)]);
}

const zeroGrad: Vjp = (_dy, x) => zerosLike(x);

/** Elementwise −x. */
export const neg = (x: TensorLike): Tensor => unary('neg', x, (dy) => neg(dy));
/** Elementwise |x|. */
export const abs = (x: TensorLike): Tensor => unary('abs', x, (dy, x) => mul(dy, sign(x)));
/** Elementwise sign: −1, 0 or 1; NaN stays NaN. */
export const sign = (x: TensorLike): Tensor => unary('sign', x, zeroGrad);
/** Elementwise eˣ. */
export const exp = (x: TensorLike): Tensor => unary('exp', x, (dy, _x, y) => mul(dy, y));
/** Elementwise natural logarithm. */
export const log = (x: TensorLike): Tensor => unary('log', x, (dy, x) => div(dy, x));
/** Elementwise square root. */
export const sqrt = (x: TensorLike): Tensor => unary('sqrt', x, (dy, _x, y) => div(dy, mul(y, 2)));
/** Elementwise 1/√x. */
export const rsqrt = (x: TensorLike): Tensor =>
  unary('rsqrt', x, (dy, _x, y) => mul(dy, mul(mul(y, mul(y, y)), -0.5)));
/** Elementwise x². */
export const square = (x: TensorLike): Tensor => unary('square', x, (dy, x) => mul(dy, mul(x, 2)));
/** Elementwise 1/x. */
export const reciprocal = (x: TensorLike): Tensor =>
  unary('reciprocal', x, (dy, _x, y) => neg(mul(dy, mul(y, y))));
/** Elementwise floor (gradient 0). */
export const floor = (x: TensorLike): Tensor => unary('floor', x, zeroGrad);
/** Elementwise ceiling (gradient 0). */
export const ceil = (x: TensorLike): Tensor => unary('ceil', x, zeroGrad);
/** Rounds half to even, like NumPy and PyTorch. */
export const round = (x: TensorLike): Tensor => unary('round', x, zeroGrad);
/** Elementwise sine. */
export const sin = (x: TensorLike): Tensor => unary('sin', x, (dy, x) => mul(dy, cos(x)));
/** Elementwise cosine. */
export const cos = (x: TensorLike): Tensor => unary('cos', x, (dy, x) => neg(mul(dy, sin(x))));
/** Elementwise log(1 + x), accurate near 0. */
export const log1p = (x: TensorLike): Tensor => unary('log1p', x, (dy, x) => div(dy, add(x, 1)));
/** Elementwise eˣ − 1, accurate near 0. */
export const expm1 = (x: TensorLike): Tensor => unary('expm1', x, (dy, _x, y) => mul(dy, add(y, 1)));
/** Elementwise NOT of a bool tensor. */
export const logicalNot = (x: TensorLike): Tensor => unary('logicalNot', x, null);
/** Elementwise: true where x is NaN. */
export const isNaN = (x: TensorLike): Tensor => unary('isNaN', x, null, 'bool');
/** Elementwise: true where x is neither NaN nor ±∞. */
export const isFinite = (x: TensorLike): Tensor => unary('isFinite', x, null, 'bool');

type Activation = 'relu' | 'sigmoid' | 'tanh' | 'softplus';

/** d activation: the backend's fused `activationBackward` if present, else a composition. */
export function activationGrad(op: Activation, dy: Tensor, x: Tensor, y: Tensor): Tensor {
  const backend = backendOf(op, [dy, x, y]);
  if (usesKernel(backend, 'activationBackward', x.dtype)) {
    return exec(backend, 'activationBackward', {
      op,
      x: x._info(op),
      y: y._info(op),
      dy: dy._info(op),
      out: { shape: x.shape, dtype: x.dtype },
    });
  }
  return activationGradComposed(op, dy, x, y);
}

/** The core composition of `activationBackward` from primitives. */
export function activationGradComposed(op: Activation, dy: Tensor, x: Tensor, y: Tensor): Tensor {
  switch (op) {
    case 'relu':
      // The seed's ReLU: the gradient is masked where x <= 0 (0 at x = 0, as in PyTorch).
      return where(greater(x, 0), dy, 0);
    case 'sigmoid':
      return mul(dy, mul(y, sub(1, y)));
    case 'tanh':
      return mul(dy, sub(1, mul(y, y)));
    case 'softplus':
      return mul(dy, sigmoid(x));
  }
}

/** Elementwise max(x, 0); the gradient is masked where x < 0. */
export const relu = (x: TensorLike): Tensor =>
  unary('relu', x, (dy, x, y) => activationGrad('relu', dy, x, y));
/** Elementwise logistic sigmoid 1 / (1 + e^−x). */
export const sigmoid = (x: TensorLike): Tensor =>
  unary('sigmoid', x, (dy, x, y) => activationGrad('sigmoid', dy, x, y));
/** Elementwise hyperbolic tangent. */
export const tanh = (x: TensorLike): Tensor =>
  unary('tanh', x, (dy, x, y) => activationGrad('tanh', dy, x, y));
/** log(1 + exp(x)), stable for large |x|. */
export const softplus = (x: TensorLike): Tensor =>
  unary('softplus', x, (dy, x, y) => activationGrad('softplus', dy, x, y));
