import { ArgumentError, AxisError, fmtShape, ShapeError } from '../errors.js';
import { normAxes, normAxis, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { asTensor, backendOf, exec, record } from './dispatch.js';
import { reshape } from './reshape.js';
import { sumTo } from './sum-to.js';

/** Run the transpose kernel for a full permutation `p` (already normalised and checked). */
function permuteRaw(op: string, t: Tensor, p: readonly number[]): Tensor {
  if (p.every((v, i) => v === i)) return reshape(t, t.shape);
  const shape = p.map((a) => t.shape[a]);
  const out = exec(backendOf(op, [t]), 'transpose', {
    x: t._info(op),
    perm: [...p],
    out: { shape, dtype: t.dtype },
  });
  const inverse = new Array<number>(p.length);
  p.forEach((a, i) => {
    inverse[a] = i;
  });
  return record(out, op, [t], (dy) => [permuteRaw(op, dy, inverse)]);
}

/** Normalise and check a full permutation of `rank` axes; `hint` ends the error message. */
function checkPermutation(
  op: string,
  perm: readonly number[],
  shape: readonly number[],
  hint: string,
): number[] {
  const rank = shape.length;
  if (perm.length !== rank) {
    throw new AxisError(
      op,
      `permutation [${perm.join(', ')}] lists ${perm.length} axes of ${fmtShape(shape)}; expected all ${rank} axes, each once${hint}`,
    );
  }
  const p = perm.map((a) => normAxis(op, a, rank));
  if (new Set(p).size !== p.length) {
    throw new AxisError(
      op,
      `[${perm.join(', ')}] is not a permutation of the ${rank} axes of ${fmtShape(shape)}; expected each axis once${hint}`,
    );
  }
  return p;
}

/**
 * Transpose, in one of three forms (each has one meaning; no call can be read as another form):
 * - `transpose(x, dim0, dim1)`: swap two dims (PyTorch's `torch.transpose`); negative dims count from the end.
 * - `transpose(x)`: reverse every axis (`.T` of a matrix; NumPy's and TF.js's default).
 * - `transpose(x, perm)` with an array: a full permutation of all axes (TF.js `tf.transpose(x, perm)`,
 *   NumPy `np.transpose(x, axes)`); an array that does not list every axis is an error, never read as
 *   two dims to swap. `permute` is the PyTorch name for this form.
 * Materialises a copy.
 */
export function transpose(x: Tensor): Tensor;
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor;
export function transpose(x: Tensor, perm: readonly number[]): Tensor;
export function transpose(x: Tensor, dims?: number | readonly number[], dim1?: number): Tensor;
export function transpose(
  x: Tensor,
  dims?: number | readonly number[],
  dim1?: number,
  ...rest: unknown[]
): Tensor {
  const op = 'transpose';
  const t = asTensor(op, x);
  if (rest.length > 0) {
    throw new ArgumentError(
      op,
      `got ${2 + rest.length} dims; expected two dims to swap, transpose(x, dim0, dim1) — for a permutation of all axes use permute(x, [${[dims, dim1, ...rest].join(', ')}])`,
    );
  }
  if (dims === undefined) {
    if (dim1 !== undefined)
      throw new ArgumentError(op, `got dim0 undefined and dim1 ${dim1}; expected two dims`);
    return permuteRaw(
      op,
      t,
      t.shape.map((_, i) => t.rank - 1 - i),
    );
  }
  if (typeof dims === 'number') {
    if (typeof dim1 !== 'number') {
      throw new ArgumentError(
        op,
        `got one dim (${dims}) and ${dim1 === undefined ? 'no second' : `${typeof dim1} ${String(dim1)} as the second`}; expected two integer dims to swap, transpose(x, dim0, dim1)`,
      );
    }
    const a = normAxis(op, dims, t.rank);
    const b = normAxis(op, dim1, t.rank);
    const p = t.shape.map((_, i) => (i === a ? b : i === b ? a : i));
    return permuteRaw(op, t, p);
  }
  if (!Array.isArray(dims)) {
    throw new ArgumentError(
      op,
      `got ${typeof dims} ${String(dims)}; expected two integer dims (dim0, dim1) or an array permuting all axes`,
    );
  }
  if (dim1 !== undefined) {
    throw new ArgumentError(
      op,
      `got a permutation array and a second argument ${String(dim1)}; expected either transpose(x, dim0, dim1) or transpose(x, perm)`,
    );
  }
  const hint =
    dims.length === 2 && t.rank !== 2
      ? ` — to swap dims ${dims[0]} and ${dims[1]} write transpose(x, ${dims[0]}, ${dims[1]})`
      : '';
  return permuteRaw(op, t, checkPermutation(op, dims, t.shape, hint));
}

/**
 * Reorder all axes: output axis i is input axis `dims[i]` (PyTorch's `permute`; `permute(x, 2, 0, 1)`
 * and `permute(x, [2, 0, 1])` are the same). Materialises a copy.
 */
export function permute(x: Tensor, ...dims: number[] | [readonly number[]]): Tensor {
  const op = 'permute';
  const t = asTensor(op, x);
  const list = dims.length === 1 && Array.isArray(dims[0]) ? (dims[0] as readonly number[]) : dims;
  for (const d of list) {
    if (typeof d !== 'number') {
      throw new ArgumentError(
        op,
        `got ${typeof d} ${String(d)} in the dims; expected integers (one per axis)`,
      );
    }
  }
  return permuteRaw(op, t, checkPermutation(op, list as readonly number[], t.shape, ''));
}

/** Remove size-1 axes (all of them, or those named). */
export function squeeze(x: Tensor, axes?: number | readonly number[]): Tensor {
  const t = asTensor('squeeze', x);
  const ax =
    axes === undefined ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normAxes('squeeze', axes, t.rank);
  for (const a of ax) {
    if (t.shape[a] !== 1)
      throw new ShapeError(
        'squeeze',
        `axis ${a} of ${fmtShape(t.shape)} has size ${t.shape[a]}; expected size 1`,
      );
  }
  return reshape(
    t,
    t.shape.filter((_, i) => !ax.includes(i)),
  );
}

/** Insert a size-1 axis at `axis` (in the result's numbering; negative counts from the end). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const t = asTensor('unsqueeze', x);
  const a = normAxis('unsqueeze', axis, t.rank + 1);
  const shape = [...t.shape];
  shape.splice(a, 0, 1);
  return reshape(t, shape);
}

/** Flatten axes startDim..endDim into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  const t = asTensor('flatten', x);
  if (t.rank === 0) return reshape(t, [1]);
  const s = normAxis('flatten', startDim, t.rank);
  const e = normAxis('flatten', endDim, t.rank);
  if (e < s) throw new ArgumentError('flatten', `endDim ${endDim} comes before startDim ${startDim}`);
  let n = 1;
  for (let i = s; i <= e; i++) n *= t.shape[i];
  return reshape(t, [...t.shape.slice(0, s), n, ...t.shape.slice(e + 1)]);
}

/** Broadcast to `shape` (NumPy rules; -1 keeps a dimension). Materialises a copy. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const op = 'expand';
  const t = asTensor(op, x);
  if (shape.length < t.rank) {
    throw new ShapeError(op, `cannot expand ${fmtShape(t.shape)} to lower rank ${fmtShape(shape)}`);
  }
  const lead = shape.length - t.rank;
  const target = shape.map((d, i) => (d === -1 && i >= lead ? t.shape[i - lead] : d));
  for (let i = 0; i < t.rank; i++) {
    const d = t.shape[i];
    if (d !== 1 && d !== target[i + lead]) {
      throw new ShapeError(
        op,
        `cannot expand ${fmtShape(t.shape)} to ${fmtShape(shape)}: dimension ${i} is ${d}; expected 1 or ${target[i + lead]}`,
      );
    }
  }
  if (shapesEqual(target, t.shape)) return reshape(t, t.shape);
  const src = lead > 0 ? reshape(t, [...new Array<number>(lead).fill(1), ...t.shape]) : t;
  const out = exec(backendOf(op, [src]), 'expand', {
    x: src._info(op),
    out: { shape: target, dtype: t.dtype },
  });
  if (src !== t) src.dispose();
  return record(out, op, [t], (dy) => [sumTo(dy, t.shape)]);
}

/** NumPy's and TF.js's name for `expand`. */
export const broadcastTo = expand;
