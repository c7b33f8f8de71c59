/**
 * Take-along-axis gather: NumPy's `take_along_axis`, PyTorch's `torch.gather`.
 * (`gather` in this library is index-select, TF.js's `tf.gather`; see gather.ts.)
 */
import { int32Semantics } from '../backend/capabilities.js';
import { ArgumentError, AxisError, fmtShape, ShapeError } from '../errors.js';
import { tidy } from '../memory.js';
import { normAxis, splitAxis } from '../shape.js';
import { Tensor } from '../tensor.js';
import { add, mul } from './binary.js';
import { checkIndices } from './check-indices.js';
import { arange } from './creation.js';
import { asTensor, backendOf, checkDTypes, exec, record } from './dispatch.js';
import { reshape } from './reshape.js';

/**
 * `out[..., j, ...] = x[..., indices[..., j, ...], ...]` along `axis`: the result has the shape of
 * `indices` (int32, same rank as `x`, entries in `[0, x.shape[axis])`). The gradient scatters back,
 * adding where an index repeats.
 *
 * Off `axis`, `indices` must have exactly `x`'s sizes: PyTorch's `gather` allows smaller ones (taking
 * the leading slice) where NumPy's `take_along_axis` broadcasts size 1; both are refused rather than
 * silently reading one way — `expand` or `slice` first to say which.
 *
 * PyTorch `torch.gather(x, dim, index)` is `takeAlongAxis(x, index, dim)` (also `gatherAlong`).
 */
export function takeAlongAxis(x: Tensor, indices: Tensor, axis: number): Tensor {
  const op = 'takeAlongAxis';
  const t = asTensor(op, x);
  if (!(indices instanceof Tensor)) {
    const order =
      (axis as unknown) instanceof Tensor
        ? " (PyTorch's torch.gather(x, dim, index) is takeAlongAxis(x, index, dim))"
        : '';
    throw new ArgumentError(
      op,
      `indices is ${indices === null ? 'null' : typeof indices}; expected an int32 Tensor${order}`,
    );
  }
  const idx = asTensor(op, indices);
  checkDTypes(op, idx, ['int32'], 'indices');
  const backend = backendOf(op, [t, idx]);
  if (typeof axis !== 'number')
    throw new ArgumentError(op, `axis ${String(axis)}; expected an integer (the axis to take along)`);
  if (t.rank === 0)
    throw new AxisError(
      op,
      `cannot take along an axis of a scalar (shape ${fmtShape(t.shape)}); expected rank >= 1`,
    );
  const a = normAxis(op, axis, t.rank);
  if (idx.rank !== t.rank) {
    throw new ShapeError(
      op,
      `indices ${fmtShape(idx.shape)} have rank ${idx.rank}; expected rank ${t.rank} like the input ${fmtShape(t.shape)}`,
    );
  }
  for (let d = 0; d < t.rank; d++) {
    if (d !== a && idx.shape[d] !== t.shape[d]) {
      throw new ShapeError(
        op,
        `indices ${fmtShape(idx.shape)} have size ${idx.shape[d]} on axis ${d} where the input ${fmtShape(t.shape)} has ${t.shape[d]}; expected equal sizes on every axis but ${a} (expand or slice first: PyTorch would take a leading slice, NumPy would broadcast)`,
      );
    }
  }
  if (int32Semantics(backend) === 'float24' && t.size > 2 ** 24) {
    throw new ShapeError(
      op,
      `input ${fmtShape(t.shape)} has ${t.size} elements; backend '${backend.name}' computes int32 exactly only to 2^24, expected at most ${2 ** 24} (the flat indices would be rounded)`,
    );
  }
  checkIndices(op, idx, t.shape[a]);
  const flatX = reshape(t, [t.size]);
  const flat = flatIndices(idx, t.shape, a);
  const out = exec(backend, 'gather', {
    x: flatX._info(op),
    indices: flat._info(op),
    axis: 0,
    out: { shape: idx.shape, dtype: t.dtype },
  });
  flatX.dispose();
  flat.dispose();
  // The flat indices are rebuilt from `indices` in the backward, so the graph keeps only what gather's does.
  return record(out, op, [t], (dy) => {
    const at = flatIndices(idx, t.shape, a);
    const dx = exec(backend, 'scatterAdd', {
      updates: dy._info(op),
      indices: at._info(op),
      axis: 0,
      out: { shape: [t.size], dtype: t.dtype },
    });
    return [reshape(dx, t.shape)];
  });
}

/** PyTorch's name: `gatherAlong(x, indices, axis)` is `torch.gather(x, axis, indices)`. Same function as `takeAlongAxis`. */
export const gatherAlong = takeAlongAxis;

/** Flat positions in `x` (row-major) of `x[..., indices[...], ...]` along `axis`, shaped like `indices`. */
function flatIndices(indices: Tensor, shape: readonly number[], axis: number): Tensor {
  const [outer, n, inner] = splitAxis(shape, axis);
  const k = indices.shape[axis];
  return tidy(() => {
    const on = { dtype: 'int32', backend: indices.backendName } as const;
    const rows = reshape(mul(arange(0, outer, 1, on), n), [outer, 1, 1]);
    const cols = reshape(arange(0, inner, 1, on), [1, 1, inner]);
    const idx3 = reshape(indices, [outer, k, inner]);
    // (o · n + indices[o, j, i]) · inner + i
    return reshape(add(mul(add(rows, idx3), inner), cols), indices.shape);
  });
}
