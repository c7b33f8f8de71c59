import { promoteTypes } from '../dtype.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { asTensor, backendOf, checkDTypes, exec, needsGrad, record, type TensorLike } from './dispatch.js';
import { sumTo } from './sum-to.js';

/** `cond ? a : b` elementwise, all three broadcast together; the gradient flows to the branch chosen. */
export function where(cond: Tensor, a0: TensorLike, b0: TensorLike): Tensor {
  const op = 'where';
  const c = asTensor(op, cond);
  checkDTypes(op, c, ['bool'], 'condition');
  const like = a0 instanceof Tensor ? a0 : b0 instanceof Tensor ? b0 : null;
  const temps: Tensor[] = [];
  // With two numbers, the scalars are made on the condition's backend.
  const a1 = asTensor(op, a0, like, c.backend);
  if (a1 !== a0) temps.push(a1);
  const b1 = asTensor(op, b0, like ?? a1, c.backend);
  if (b1 !== b0) temps.push(b1);
  const backend = backendOf(op, [c, a1, b1]);
  const dtype = promoteTypes(a1.dtype, b1.dtype);
  const a = a1.dtype === dtype ? a1 : cast(a1, dtype);
  const b = b1.dtype === dtype ? b1 : cast(b1, dtype);
  const shape = broadcastShapes(op, c.shape, a.shape, b.shape);
  const out = exec(backend, 'select', {
    cond: c._info(op),
    a: a._info(op),
    b: b._info(op),
    out: { shape, dtype },
  });
  const casts = [...(a !== a1 ? [a] : []), ...(b !== b1 ? [b] : [])];
  if (!needsGrad([a, b])) {
    for (const t of [...temps, ...casts]) t.dispose();
    return out;
  }
  return record(
    out,
    op,
    [a, b],
    (dy) => [
      a.requiresGrad ? sumTo(where(c, dy, 0), a.shape) : null,
      b.requiresGrad ? sumTo(where(c, 0, dy), b.shape) : null,
    ],
    { saved: [c], owned: [...temps, ...casts] },
  );
}
