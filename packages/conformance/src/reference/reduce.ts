/**
 * Float64 reductions along axes, and arg-reductions. Float sums are compensated
 * (Neumaier): a float64 backend is compared with this reference, so a naive
 * float64 sum (error ~k·ε on equal terms) would be as wrong as what it judges.
 */
import type { ReduceOp } from '@polygrad/core';
import { type NDArray, nd, ravel, unravel } from './ndarray.js';

const IDENTITY: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };

/** Reduce `axes` (any order); the result drops them, or keeps them as size 1 with `keepdims`. */
export function reduce(
  op: ReduceOp,
  x: NDArray,
  axes: readonly number[],
  keepdims = false,
  int32 = false,
): NDArray {
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = nd(keptShape);
  out.data.fill(IDENTITY[op]);
  const compensated = op === 'sum' && !int32;
  const carry = compensated ? new Float64Array(out.data.length) : null;
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, d) => (axes.includes(d) ? 0 : v));
    const o = ravel(idx, keptShape);
    const acc = out.data[o];
    const v = x.data[i];
    switch (op) {
      case 'sum':
        if (carry) {
          const t = acc + v;
          // Neumaier: the low-order bits lost by this addition, whichever operand is larger.
          carry[o] += Math.abs(acc) >= Math.abs(v) ? acc - t + v : v - t + acc;
          out.data[o] = t;
        } else out.data[o] = (acc + v) | 0;
        break;
      case 'prod':
        out.data[o] = int32 ? Math.imul(acc, v) : acc * v;
        break;
      case 'max':
        out.data[o] = Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.max(acc, v);
        break;
      case 'min':
        out.data[o] = Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.min(acc, v);
        break;
    }
  }
  if (carry) {
    for (let o = 0; o < out.data.length; o++) {
      // An infinite or NaN sum has no meaningful compensation (∞ − ∞ would make it NaN).
      if (Number.isFinite(out.data[o])) out.data[o] += carry[o];
    }
  }
  const shape = keepdims ? keptShape : x.shape.filter((_, i) => !axes.includes(i));
  return { shape, data: out.data };
}

/** Mean over `axes` (the sum divided by the number of reduced elements). */
export function mean(x: NDArray, axes: readonly number[], keepdims = false): NDArray {
  const s = reduce('sum', x, axes, keepdims);
  let n = 1;
  for (const a of axes) n *= x.shape[a];
  return { shape: s.shape, data: s.data.map((v) => v / n) };
}

/** Index of the first max/min along `axis`; a NaN counts as the extreme. */
export function argReduce(op: 'argmax' | 'argmin', x: NDArray, axis: number): NDArray {
  const shape = x.shape.filter((_, i) => i !== axis);
  const out = nd(shape);
  const best = new Float64Array(out.data.length);
  const seen = new Uint8Array(out.data.length);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape);
    const k = idx[axis];
    const o = ravel(
      idx.filter((_, d) => d !== axis),
      shape,
    );
    const v = x.data[i];
    const b = best[o];
    const better = !seen[o] || (!Number.isNaN(b) && (Number.isNaN(v) || (op === 'argmax' ? v > b : v < b)));
    if (better) {
      seen[o] = 1;
      best[o] = v;
      out.data[o] = k;
    }
  }
  return out;
}

/** log Σ exp over axes, stable. */
export function logsumexp(x: NDArray, axes: readonly number[], keepdims = false): NDArray {
  const m = reduce('max', x, axes, true);
  const keptShape = m.shape;
  const s = nd(keptShape);
  for (let i = 0; i < x.data.length; i++) {
    const o = ravel(
      unravel(i, x.shape).map((v, d) => (axes.includes(d) ? 0 : v)),
      keptShape,
    );
    const mo = Number.isFinite(m.data[o]) ? m.data[o] : 0;
    s.data[o] += Math.exp(x.data[i] - mo);
  }
  const data = s.data.map((v, o) => Math.log(v) + (Number.isFinite(m.data[o]) ? m.data[o] : 0));
  const shape = keepdims ? keptShape : x.shape.filter((_, i) => !axes.includes(i));
  return { shape, data };
}
