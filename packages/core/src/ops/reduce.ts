import type { ReduceOp } from '../backend/kernel-table.js';
import type { DType } from '../dtype.js';
import { fmtShape, ShapeError } from '../errors.js';
import { tidy } from '../memory.js';
import { normAxes, normAxis, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, div, mul, sub } from './binary.js';
import { cast } from './cast.js';
import { equal } from './compare.js';
import { asTensor, backendOf, checkDTypes, exec, needsGrad, record } from './dispatch.js';
import { expand } from './layout.js';
import { detach, reshape } from './reshape.js';
import { exp, isFinite, log } from './unary.js';
import { where } from './where.js';

type Axes = number | readonly number[];

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  return keepdims ? keptShape(shape, axes) : shape.filter((_, i) => !axes.includes(i));
}

/** Broadcast a reduced gradient back over the reduced axes. */
function expandBack(dy: Tensor, x: Tensor, axes: readonly number[]): Tensor {
  const kept = reshape(dy, keptShape(x.shape, axes));
  if (shapesEqual(kept.shape, x.shape)) return kept;
  const out = expand(kept, x.shape);
  kept.dispose();
  return out;
}

function reduceRaw(
  opName: string,
  op: ReduceOp,
  x: Tensor,
  axes: number[],
  keepdims: boolean,
  dtype: DType,
): Tensor {
  const backend = backendOf(opName, [x]);
  const out = exec(backend, 'reduce', {
    op,
    x: x._info(opName),
    axes,
    out: { shape: reducedShape(x.shape, axes, false), dtype },
  });
  if (!keepdims) return out;
  const r = reshape(out, keptShape(x.shape, axes));
  out.dispose();
  return r;
}

/** Sum over `axes` (all by default). bool sums count as int32. */
export function sum(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  const t = asTensor('sum', x);
  const ax = normAxes('sum', axes, t.rank);
  const dtype: DType = t.dtype === 'bool' ? 'int32' : t.dtype;
  const out = reduceRaw('sum', 'sum', t.dtype === 'bool' ? cast(t, 'int32') : t, ax, keepdims, dtype);
  return record(out, 'sum', [t], (dy) => [expandBack(dy, t, ax)]);
}

/**
 * Mean over `axes` (all when omitted), keeping reduced axes as size 1 with `keepdims`; float tensors only.
 */
export function mean(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  const t = asTensor('mean', x);
  checkDTypes('mean', t, ['float32', 'float64']);
  const ax = normAxes('mean', axes, t.rank);
  let n = 1;
  for (const a of ax) n *= t.shape[a];
  const compute = (): Tensor => div(sum(t, ax, keepdims), n);
  // Without a graph to keep, the intermediate sum is freed at once.
  return needsGrad([t]) ? compute() : tidy(compute);
}

function extremum(opName: 'max' | 'min', x: Tensor, axes: Axes | undefined, keepdims: boolean): Tensor {
  const t = asTensor(opName, x);
  checkDTypes(opName, t, ['float32', 'float64', 'int32']);
  const ax = normAxes(opName, axes, t.rank);
  for (const a of ax) {
    if (t.shape[a] === 0)
      throw new ShapeError(
        opName,
        `cannot reduce over empty axis ${a} of shape ${fmtShape(t.shape)}; expected a non-empty axis (the result has no identity)`,
      );
  }
  const out = reduceRaw(opName, opName, t, ax, keepdims, t.dtype);
  return record(out, opName, [t], (dy) => {
    // Gradient goes to every position that attains the extremum, split evenly among ties.
    const yk = keepdims ? out : reshape(out, keptShape(t.shape, ax));
    const mask = cast(equal(t, yk), t.dtype);
    const count = reduceRaw(opName, 'sum', mask, ax, true, t.dtype);
    const g = expandBack(dy, t, ax);
    const dx = div(mul(g, mask), count);
    return [dx];
  });
}
/** Maximum over `axes` (all when omitted); NaN propagates; the gradient is split evenly among ties. */
export const max = (x: Tensor, axes?: Axes, keepdims = false): Tensor => extremum('max', x, axes, keepdims);
/** Minimum over `axes` (all when omitted); NaN propagates; the gradient is split evenly among ties. */
export const min = (x: Tensor, axes?: Axes, keepdims = false): Tensor => extremum('min', x, axes, keepdims);

/**
 * Product over `axes` (all by default). Its gradient is, for each element, the product of the
 * other elements of its slice — also where inputs are exactly 0 (as PyTorch): with no zero in
 * the slice it is prod / x; with one zero, the zero's entry is the product of the non-zeros and
 * every other entry 0; with two or more zeros, all 0.
 */
export function prod(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  const t = asTensor('prod', x);
  checkDTypes('prod', t, ['float32', 'float64', 'int32']);
  const ax = normAxes('prod', axes, t.rank);
  const out = reduceRaw('prod', 'prod', t, ax, keepdims, t.dtype);
  return record(out, 'prod', [t], (dy) => [mul(expandBack(dy, t, ax), prodOfOthers(t, ax))]);
}

/** For each element of `x`, the product of the other elements of its slice along `axes` (kept dims). */
function prodOfOthers(x: Tensor, axes: readonly number[]): Tensor {
  const isZero = equal(x, 0);
  const nonZero = where(isZero, 1, x);
  const zeroCount = reduceRaw('prod', 'sum', cast(isZero, 'int32'), [...axes], true, 'int32');
  // Product of the slice's non-zero entries: the whole product when there is no zero, and at
  // the single zero of a slice, exactly the product of the others.
  const nonZeroProd = reduceRaw('prod', 'prod', nonZero, [...axes], true, x.dtype);
  const noZero = div(nonZeroProd, nonZero);
  const atOnlyZero = where(equal(zeroCount, 1), nonZeroProd, 0);
  return where(equal(zeroCount, 0), noZero, where(isZero, atOnlyZero, 0));
}

function argReduce(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepdims: boolean): Tensor {
  const t0 = asTensor(op, x);
  checkDTypes(op, t0, ['float32', 'float64', 'int32']);
  const t = axis === undefined ? reshape(t0, [-1]) : t0;
  const a = axis === undefined ? 0 : normAxis(op, axis, t.rank);
  if (t.shape[a] === 0)
    throw new ShapeError(
      op,
      `axis ${a} of shape ${fmtShape(t.shape)} is empty; expected at least one element`,
    );
  const backend = backendOf(op, [t]);
  const outShape = t.shape.filter((_, i) => i !== a);
  const out = exec(backend, 'argReduce', {
    op,
    x: t._info(op),
    axis: a,
    out: { shape: outShape, dtype: 'int32' },
  });
  if (t !== t0) t.dispose();
  if (!keepdims || axis === undefined) return out;
  const r = reshape(out, keptShape(t.shape, [a]));
  out.dispose();
  return r;
}
/** Index of the largest value along `axis` (flattened when omitted); first index wins ties. */
export const argmax = (x: Tensor, axis?: number, keepdims = false): Tensor =>
  argReduce('argmax', x, axis, keepdims);
/** Index of the smallest value along `axis` (flattened when omitted); first index wins ties. */
export const argmin = (x: Tensor, axis?: number, keepdims = false): Tensor =>
  argReduce('argmin', x, axis, keepdims);

/** log Σ exp(x), computed stably by subtracting the (finite) max first. */
export function logsumexp(x: Tensor, axes?: Axes, keepdims = false): Tensor {
  const t = asTensor('logsumexp', x);
  checkDTypes('logsumexp', t, ['float32', 'float64']);
  const ax = normAxes('logsumexp', axes, t.rank);
  const compute = (): Tensor => {
    const m0 = reduceRaw('logsumexp', 'max', detach(t), ax, true, t.dtype);
    const m = where(isFinite(m0), m0, 0);
    const lse = add(log(sum(exp(sub(t, m)), ax, true)), m);
    return keepdims ? lse : reshape(lse, reducedShape(t.shape, ax, false));
  };
  return needsGrad([t]) ? compute() : tidy(compute);
}
