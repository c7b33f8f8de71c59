import type { BinaryOp } from '../backend/kernel-table.js';
import { type DType, isFloat, promoteTypes } from '../dtype.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { greater, less } from './compare.js';
import { checkDTypes, exec, needsGrad, record, type TensorLike } from './dispatch.js';
import { operands } from './operands.js';
import { sumTo } from './sum-to.js';
import { log, neg } from './unary.js';
import { where } from './where.js';

type Vjp = (dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor | null, Tensor | null];

function binary(
  op: BinaryOp,
  a0: TensorLike,
  b0: TensorLike,
  vjp: Vjp | null,
  kind: 'arith' | 'float' | 'logical',
): Tensor {
  const [a1, b1, temps] = operands(op, a0, b0);
  let dtype: DType = promoteTypes(a1.dtype, b1.dtype);
  if (kind === 'float' && !isFloat(dtype)) dtype = 'float32';
  if (kind === 'arith' && dtype === 'bool') dtype = 'int32';
  if (kind === 'logical') {
    checkDTypes(op, a1, ['bool'], 'first operand');
    checkDTypes(op, b1, ['bool'], 'second operand');
  }
  const shape = broadcastShapes(op, a1.shape, b1.shape);
  const a = a1.dtype === dtype ? a1 : cast(a1, dtype);
  const b = b1.dtype === dtype ? b1 : cast(b1, dtype);
  // operands() already checked both live on one backend; casts stay on it.
  const backend = a.backend;
  const out = exec(backend, 'binary', { op, a: a._info(op), b: b._info(op), out: { shape, dtype } });
  if (!vjp || !needsGrad([a, b])) {
    for (const t of temps) t.dispose();
    if (a !== a1) a.dispose();
    if (b !== b1) b.dispose();
    return out;
  }
  const owned = [...temps, ...(a !== a1 ? [a] : []), ...(b !== b1 ? [b] : [])];
  return record(
    out,
    op,
    [a, b],
    (dy) => {
      const [da, db] = vjp(dy, a, b, out);
      return [
        da && a.requiresGrad ? sumTo(da, a.shape) : null,
        db && b.requiresGrad ? sumTo(db, b.shape) : null,
      ];
    },
    { owned },
  );
}

/** Elementwise a + b with NumPy broadcasting (dtypes promote: bool < int32 < float32 < float64). */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary('add', a, b, (dy) => [dy, dy], 'arith');
/** Elementwise a − b with NumPy broadcasting. */
export const sub = (a: TensorLike, b: TensorLike): Tensor =>
  binary('sub', a, b, (dy, _a, b) => [dy, b.requiresGrad ? neg(dy) : null], 'arith');
/** Elementwise a · b with NumPy broadcasting. */
export const mul = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'mul',
    a,
    b,
    (dy, a, b) => [a.requiresGrad ? mul(dy, b) : null, b.requiresGrad ? mul(dy, a) : null],
    'arith',
  );
/** True division; integer inputs give float32 (as in PyTorch). */
export const div = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'div',
    a,
    b,
    (dy, a, b, y) => [a.requiresGrad ? div(dy, b) : null, b.requiresGrad ? neg(div(mul(dy, y), b)) : null],
    'float',
  );
/** a^b; the gradient for b is taken as 0 where a = 0 (as PyTorch does) instead of 0·log 0 = NaN. */
export const pow = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'pow',
    a,
    b,
    (dy, a, b, y) => [
      a.requiresGrad ? mul(dy, mul(b, pow(a, sub(b, 1)))) : null,
      b.requiresGrad ? where(greater(a, 0), mul(dy, mul(y, log(a))), 0) : null,
    ],
    'float',
  );
/** The seed's Max module: the gradient goes to `a` where a > b, otherwise to `b` (ties go to `b`). */
export const maximum = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'maximum',
    a,
    b,
    (dy, a, b) => {
      const aWins = greater(a, b);
      return [a.requiresGrad ? where(aWins, dy, 0) : null, b.requiresGrad ? where(aWins, 0, dy) : null];
    },
    'arith',
  );
/** Elementwise min: the gradient goes to `a` where a < b, otherwise to `b`. */
export const minimum = (a: TensorLike, b: TensorLike): Tensor =>
  binary(
    'minimum',
    a,
    b,
    (dy, a, b) => {
      const aWins = less(a, b);
      return [a.requiresGrad ? where(aWins, dy, 0) : null, b.requiresGrad ? where(aWins, 0, dy) : null];
    },
    'arith',
  );
/** Elementwise AND of two bool tensors, broadcast. */
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor =>
  binary('logicalAnd', a, b, null, 'logical');
/** Elementwise OR of two bool tensors, broadcast. */
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => binary('logicalOr', a, b, null, 'logical');
