import { promoteTypes } from '../dtype.js';
import { ArgumentError, fmtShape, ShapeError } from '../errors.js';
import { normAxis } from '../shape.js';
import { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { asTensor, backendOf, exec, needsGrad, record } from './dispatch.js';
import { unsqueeze } from './layout.js';

/**
 * A contiguous block starting at `begin` with `size` elements per axis
 * (-1 = to the end). Missing trailing axes are taken whole; negative begins count from the end.
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  const op = 'slice';
  const t = asTensor(op, x);
  if (begin.length > t.rank || (size && size.length > t.rank)) {
    throw new ShapeError(
      op,
      `begin [${begin.join(', ')}] / size [${size?.join(', ') ?? ''}] name more axes than the ${t.rank} of ${fmtShape(t.shape)}`,
    );
  }
  const b: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < t.rank; i++) {
    const dim = t.shape[i];
    let bi = begin[i] ?? 0;
    if (bi < 0) bi += dim;
    let si = size?.[i] ?? -1;
    if (si === -1) si = dim - bi;
    if (!Number.isInteger(bi) || !Number.isInteger(si) || bi < 0 || si < 0 || bi + si > dim) {
      throw new ShapeError(
        op,
        `axis ${i}: begin ${begin[i] ?? 0}, size ${size?.[i] ?? -1} do not fit dimension ${dim} of ${fmtShape(t.shape)}; expected 0 <= begin and begin + size <= ${dim}`,
      );
    }
    b.push(bi);
    s.push(si);
  }
  const out = exec(backendOf(op, [t]), 'slice', {
    x: t._info(op),
    begin: b,
    out: { shape: s, dtype: t.dtype },
  });
  return record(out, op, [t], (dy) => [
    pad(
      dy,
      b.map((bi, i) => [bi, t.shape[i] - bi - s[i]] as [number, number]),
    ),
  ]);
}

/** Constant padding: `paddings[i] = [before, after]` for axis i. */
export function pad(x: Tensor, paddings: readonly (readonly [number, number])[], value = 0): Tensor {
  const op = 'pad';
  const t = asTensor(op, x);
  if (paddings.length !== t.rank) {
    throw new ShapeError(
      op,
      `got ${paddings.length} [before, after] pairs for a tensor of rank ${t.rank}; expected one per axis`,
    );
  }
  for (const [bf, af] of paddings) {
    if (!Number.isInteger(bf) || !Number.isInteger(af) || bf < 0 || af < 0) {
      throw new ArgumentError(op, `paddings must be non-negative integers; got [${bf}, ${af}]`);
    }
  }
  const before = paddings.map((p) => p[0]);
  const shape = t.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
  const out = exec(backendOf(op, [t]), 'pad', {
    x: t._info(op),
    before,
    value,
    out: { shape, dtype: t.dtype },
  });
  return record(out, op, [t], (dy) => [slice(dy, before, t.shape)]);
}

/** Join tensors along an existing axis. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  const op = 'concat';
  if (!Array.isArray(xs) || xs.length === 0)
    throw new ArgumentError(op, 'got no tensors; expected a non-empty array');
  const ts = xs.map((x) => asTensor(op, x));
  backendOf(op, ts);
  const rank = ts[0].rank;
  if (rank === 0) throw new ShapeError(op, 'cannot concatenate scalars; expected rank >= 1 (use stack)');
  const a = normAxis(op, axis, rank);
  let dtype = ts[0].dtype;
  for (const t of ts) {
    dtype = promoteTypes(dtype, t.dtype);
    if (t.rank !== rank || t.shape.some((d, i) => i !== a && d !== ts[0].shape[i])) {
      throw new ShapeError(
        op,
        `shapes ${ts.map((u) => fmtShape(u.shape)).join(', ')} differ outside axis ${a}; expected equal sizes on every other axis`,
      );
    }
  }
  const inputs = ts.map((t) => (t.dtype === dtype ? t : cast(t, dtype)));
  const shape = [...ts[0].shape];
  shape[a] = inputs.reduce((n, t) => n + t.shape[a], 0);
  const out = exec(backendOf(op, inputs), 'concat', {
    xs: inputs.map((t) => t._info(op)),
    axis: a,
    out: { shape, dtype },
  });
  const casts = inputs.filter((t, i) => t !== ts[i]);
  if (!needsGrad(inputs)) {
    for (const t of casts) t.dispose();
    return out;
  }
  return record(
    out,
    op,
    inputs,
    (dy) => {
      let offset = 0;
      return inputs.map((t) => {
        const begin = new Array<number>(rank).fill(0);
        begin[a] = offset;
        offset += t.shape[a];
        return t.requiresGrad ? slice(dy, begin, t.shape) : null;
      });
    },
    { owned: casts },
  );
}

/** Join tensors of one shape along a new axis. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0)
    throw new ArgumentError('stack', 'got no tensors; expected a non-empty array');
  const first = xs[0];
  for (const x of xs) {
    if (!(x instanceof Tensor)) throw new ArgumentError('stack', `got ${typeof x}; expected Tensors`);
    if (x.shape.length !== first.shape.length || x.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(
        'stack',
        `shapes ${xs.map((u) => fmtShape(u.shape)).join(', ')} differ; expected equal shapes`,
      );
    }
  }
  const a = normAxis('stack', axis, first.rank + 1);
  const views = xs.map((x) => unsqueeze(x, a));
  const out = concat(views, a);
  if (!out.requiresGrad) for (const v of views) v.dispose();
  return out;
}

/** Split into pieces of the given sizes (or `n` equal pieces) along `axis`. */
export function split(x: Tensor, sizes: number | readonly number[], axis = 0): Tensor[] {
  const t = asTensor('split', x);
  const a = normAxis('split', axis, t.rank);
  const dim = t.shape[a];
  let parts: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0 || dim % sizes !== 0) {
      throw new ShapeError('split', `cannot split dimension ${dim} into ${sizes} equal parts`);
    }
    parts = new Array<number>(sizes).fill(dim / sizes);
  } else parts = [...sizes];
  if (parts.reduce((p, q) => p + q, 0) !== dim) {
    throw new ShapeError(
      'split',
      `sizes [${parts.join(', ')}] do not add up to dimension ${dim} of axis ${a}`,
    );
  }
  let offset = 0;
  return parts.map((n) => {
    const begin = new Array<number>(t.rank).fill(0);
    const size = [...t.shape];
    begin[a] = offset;
    size[a] = n;
    offset += n;
    return slice(t, begin, size);
  });
}
