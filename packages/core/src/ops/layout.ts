import { ArgumentError, AxisError, fmtShape, ShapeError } from '../errors.js';
import { normAxes, normAxis, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { asTensor, backendOf, exec, record } from './dispatch.js';
import { reshape } from './reshape.js';
import { sumTo } from './sum-to.js';

/** Permute dimensions (reverses them when `perm` is omitted). Materialises a copy. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const op = 'transpose';
  const t = asTensor(op, x);
  const p = perm ? perm.map((a) => normAxis(op, a, t.rank)) : t.shape.map((_, i) => t.rank - 1 - i);
  if (p.length !== t.rank || new Set(p).size !== p.length) {
    throw new AxisError(
      op,
      `perm [${perm?.join(', ')}] is not a permutation of the ${t.rank} axes of ${fmtShape(t.shape)}`,
    );
  }
  if (p.every((v, i) => v === i)) return reshape(t, t.shape);
  const shape = p.map((a) => t.shape[a]);
  const out = exec(backendOf(op, [t]), 'transpose', {
    x: t._info(op),
    perm: p,
    out: { shape, dtype: t.dtype },
  });
  const inverse = new Array<number>(p.length);
  p.forEach((a, i) => {
    inverse[a] = i;
  });
  return record(out, op, [t], (dy) => [transpose(dy, inverse)]);
}

export const permute = (x: Tensor, ...perm: number[]): Tensor => transpose(x, perm);

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

export const broadcastTo = expand;
