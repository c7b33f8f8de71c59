import { ArgumentError, fmtShape, ShapeError } from '../errors.js';
import { shapesEqual, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { record } from './dispatch.js';

/** Resolve one -1 in a requested shape against `size`. */
export function resolveShape(
  op: string,
  shape: readonly number[],
  size: number,
  from: readonly number[],
): number[] {
  const out = [...shape];
  let infer = -1;
  let known = 1;
  for (let i = 0; i < out.length; i++) {
    const d = out[i];
    if (d === -1) {
      if (infer >= 0)
        throw new ShapeError(
          op,
          `shape ${fmtShape(shape)} has more than one -1; expected at most one inferred dimension`,
        );
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        op,
        `invalid target shape ${fmtShape(shape)}; expected non-negative integers or one -1`,
      );
    } else known *= d;
  }
  if (infer >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(
        op,
        `cannot infer -1 in ${fmtShape(shape)} from ${size} elements (input ${fmtShape(from)})`,
      );
    }
    out[infer] = size / known;
  }
  if (sizeOf(out) !== size) {
    throw new ShapeError(
      op,
      `cannot reshape ${fmtShape(from)} (${size} elements) to ${fmtShape(shape)} (${sizeOf(out)} elements); expected the same number of elements`,
    );
  }
  return out;
}

/** Same data, new shape: shares storage, no kernel runs. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  if (!(x instanceof Tensor)) throw new ArgumentError('reshape', `got ${typeof x}; expected a Tensor`);
  x._assertAlive('reshape');
  if (!Array.isArray(shape))
    throw new ArgumentError('reshape', `shape ${String(shape)}; expected an array of integers`);
  const target = resolveShape('reshape', shape, x.size, x.shape);
  const out = new Tensor(x._storage, target, x.dtype);
  if (shapesEqual(target, x.shape)) return record(out, 'reshape', [x], (dy) => [dy]);
  return record(out, 'reshape', [x], (dy) => [reshape(dy, x.shape)]);
}

/** A new tensor sharing storage, cut from the graph. */
export function detach(x: Tensor): Tensor {
  x._assertAlive('detach');
  return new Tensor(x._storage, x.shape, x.dtype);
}
