import type { CompareOp } from '../backend/kernel-table.js';
import { promoteTypes } from '../dtype.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { exec, type TensorLike } from './dispatch.js';
import { operands } from './operands.js';

/** Elementwise comparison with broadcasting; returns bool; not differentiable. */
function compare(op: CompareOp, a0: TensorLike, b0: TensorLike): Tensor {
  const [a1, b1, temps] = operands(op, a0, b0);
  const dtype = promoteTypes(a1.dtype, b1.dtype);
  const shape = broadcastShapes(op, a1.shape, b1.shape);
  const a = a1.dtype === dtype ? a1 : cast(a1, dtype);
  const b = b1.dtype === dtype ? b1 : cast(b1, dtype);
  const out = exec(a.backend, 'compare', {
    op,
    a: a._info(op),
    b: b._info(op),
    out: { shape, dtype: 'bool' },
  });
  if (a !== a1) a.dispose();
  if (b !== b1) b.dispose();
  for (const t of temps) t.dispose();
  return out;
}

/** Elementwise a == b as bool, broadcast. */
export const equal = (a: TensorLike, b: TensorLike): Tensor => compare('equal', a, b);
/** Elementwise a != b as bool, broadcast. */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => compare('notEqual', a, b);
/** Elementwise a < b as bool, broadcast. */
export const less = (a: TensorLike, b: TensorLike): Tensor => compare('less', a, b);
/** Elementwise a <= b as bool, broadcast. */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => compare('lessEqual', a, b);
/** Elementwise a > b as bool, broadcast. */
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare('greater', a, b);
/** Elementwise a >= b as bool, broadcast. */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => compare('greaterEqual', a, b);
