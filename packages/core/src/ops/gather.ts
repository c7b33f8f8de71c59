import { ArgumentError, AxisError, fmtShape } from '../errors.js';
import { normAxis } from '../shape.js';
import { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { checkIndices } from './check-indices.js';
import { equal } from './compare.js';
import { arange } from './creation.js';
import { asTensor, backendOf, checkDTypes, exec, record } from './dispatch.js';
import { unsqueeze } from './layout.js';

/**
 * Index-select: take whole slices of `x` along `axis` at int32 `indices` (TF.js `tf.gather`,
 * PyTorch `index_select`, NumPy `take` with an axis): the result has shape
 * `x.shape[:axis] + indices.shape + x.shape[axis+1:]`. This is NOT PyTorch's `torch.gather`
 * (output shaped like the index, one element per index): that is `takeAlongAxis` / `gatherAlong`.
 */
export function gather(x: Tensor, indices: Tensor, axis = 0): Tensor {
  const op = 'gather';
  const t = asTensor(op, x);
  if (typeof indices === 'number' && (axis as unknown) instanceof Tensor) {
    throw new ArgumentError(
      op,
      `got gather(x, ${indices}, <Tensor>), PyTorch's torch.gather(x, dim, index) order; gather here is index-select, gather(x, indices, axis) — for torch.gather use takeAlongAxis(x, index, dim)`,
    );
  }
  const idx = asTensor(op, indices);
  checkDTypes(op, idx, ['int32'], 'indices');
  backendOf(op, [t, idx]);
  if (t.rank === 0)
    throw new AxisError(op, `cannot gather from a scalar (shape ${fmtShape(t.shape)}); expected rank >= 1`);
  const a = normAxis(op, axis, t.rank);
  checkIndices(op, idx, t.shape[a]);
  const shape = [...t.shape.slice(0, a), ...idx.shape, ...t.shape.slice(a + 1)];
  const out = exec(backendOf(op, [t]), 'gather', {
    x: t._info(op),
    indices: idx._info(op),
    axis: a,
    out: { shape, dtype: t.dtype },
  });
  return record(
    out,
    op,
    [t],
    (dy) => [
      exec(backendOf(op, [dy]), 'scatterAdd', {
        updates: dy._info(op),
        indices: idx._info(op),
        axis: a,
        out: { shape: t.shape, dtype: t.dtype },
      }),
    ],
    { saved: [idx] },
  );
}

/** PyTorch's name for `gather` (index-select along an axis). */
export const indexSelect = gather;

/** float32 one-hot rows: shape `indices.shape + [depth]`. Indices are range-checked (see checkIndices). */
export function oneHot(indices: Tensor, depth: number): Tensor {
  const op = 'oneHot';
  const idx = asTensor(op, indices);
  checkDTypes(op, idx, ['int32'], 'indices');
  if (!Number.isInteger(depth) || depth <= 0)
    throw new AxisError(op, `depth ${depth}; expected a positive integer`);
  checkIndices(op, idx, depth);
  return oneHotUnchecked(idx, depth);
}

/** @internal oneHot for indices already checked by the caller (an out-of-range index gives a zero row). */
export function oneHotUnchecked(idx: Tensor, depth: number): Tensor {
  const classes = arange(0, depth, 1, { dtype: 'int32', backend: idx.backendName });
  const column = unsqueeze(idx, -1);
  const eq = equal(column, classes);
  const out = cast(eq, 'float32');
  for (const t of [column, classes, eq]) t.dispose();
  return out;
}
