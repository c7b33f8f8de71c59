/** Softmax, log-softmax and cross-entropy forward, and their stability at ±1000. */
import * as pg from '@polygrad/core';
import { integers, stored, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import type { ConformanceCase, FloatDType, NumericCheck } from '../types.js';
import {
  defineCase,
  evaluate,
  gradientChecks,
  numeric,
  pickRows,
  rowMagnitudes,
  rowScale,
  up,
} from './util.js';

/** Logits whose first three rows are near ±1000 (naive exp overflows/underflows) and whose last two rows are ordinary. */
export function stabilityLogits(dtype: FloatDType): NDArray {
  const ordinary = uniform([2, 4], -4, 4, 114, dtype).data;
  return {
    shape: [5, 4],
    data: stored(
      [1000, 999, -1000, 0, -1000, -999.5, -1001, -1000, 1000, 1000, 1000, -1000, ...ordinary],
      dtype,
    ),
  };
}
const HUGE_ROWS = [0, 1, 2];
const ORDINARY_ROWS = [3, 4];
const STABILITY_LABELS = { shape: [5], data: Float64Array.from([2, 0, 3, 1, 3]) };

/**
 * A [rows, cols] result (cols = 1 for one value per row) checked as two parts,
 * the ±1000 rows and the ordinary rows, each element against the magnitude of
 * its own row: an error the ±1000 rows would excuse (~1000·ε) fails the ordinary rows.
 */
function rowChecks(
  label: string,
  actual: ArrayLike<number>,
  expected: NDArray,
  x: NDArray,
  cols: number,
  dtype: FloatDType,
  k: number,
): NumericCheck[] {
  const mags = rowMagnitudes(x);
  return [
    ['rows at ±1000', HUGE_ROWS],
    ['ordinary rows beside them', ORDINARY_ROWS],
  ].map(([part, rows]) => {
    const which = rows as number[];
    return numeric(
      `${label}, ${part}`,
      pickRows(actual, which, cols),
      pickRows(expected.data, which, cols),
      dtype,
      { k, scale: rowScale(pickRows(mags, which, 1), cols) },
    );
  });
}

/** Per-element scales for a gradient case on `stabilityLogits`: each row's largest |logit| or |dy|. */
function gradientScales(x: NDArray, dy: NDArray, forwardCols: number) {
  const xm = rowMagnitudes(x);
  const dm = rowMagnitudes(dy.shape.length === 1 ? { shape: [dy.data.length, 1], data: dy.data } : dy);
  const perRow = xm.map((v, r) => Math.max(v, dm[r]));
  return { forward: rowScale(perRow, forwardCols), grads: [rowScale(perRow, x.shape[1])] };
}

export function softmaxCases(): ConformanceCase[] {
  return [
    defineCase('forward/softmax/axes', 'softmax', 'forward', async (ctx) => {
      const x = uniform([3, 5], -4, 4, 111, ctx.dtype);
      const [a, b, c, d] = await evaluate(ctx, () => [
        pg.softmax(up(ctx, x)),
        pg.softmax(up(ctx, x), 0),
        pg.logSoftmax(up(ctx, x)),
        pg.logSoftmax(up(ctx, x), 0),
      ]);
      return [
        numeric('softmax axis -1', a, ref.softmax(x, 1), ctx.dtype, { k: 5, inputs: [x] }),
        numeric('softmax axis 0', b, ref.softmax(x, 0), ctx.dtype, { k: 3, inputs: [x] }),
        numeric('logSoftmax axis -1', c, ref.logSoftmax(x, 1), ctx.dtype, { k: 5, inputs: [x] }),
        numeric('logSoftmax axis 0', d, ref.logSoftmax(x, 0), ctx.dtype, { k: 3, inputs: [x] }),
      ];
    }),
    defineCase('forward/crossEntropy/from-logits', 'crossEntropy', 'forward', async (ctx) => {
      const x = uniform([4, 6], -4, 4, 112, ctx.dtype);
      const labels = integers([4], 0, 6, 113);
      const [y] = await evaluate(ctx, () => pg.softmaxCrossEntropy(up(ctx, x), up(ctx, labels, 'int32')));
      return [
        numeric('softmaxCrossEntropy', y, ref.crossEntropy(x, labels), ctx.dtype, { k: 6, inputs: [x] }),
      ];
    }),
    defineCase('stability/softmax/pm1000', 'softmax', 'stability', async (ctx) => {
      const x = stabilityLogits(ctx.dtype);
      const [a, b] = await evaluate(ctx, () => [pg.softmax(up(ctx, x)), pg.logSoftmax(up(ctx, x))]);
      return [
        ...rowChecks('softmax (finite, rows sum to 1)', a, ref.softmax(x, 1), x, 4, ctx.dtype, 4),
        ...rowChecks('logSoftmax', b, ref.logSoftmax(x, 1), x, 4, ctx.dtype, 4),
      ];
    }),
    defineCase('stability/reduce/logsumexp-pm1000', 'reduce', 'stability', async (ctx) => {
      const x = stabilityLogits(ctx.dtype);
      const [a] = await evaluate(ctx, () => pg.logsumexp(up(ctx, x), 1));
      return rowChecks('logsumexp', a, ref.logsumexp(x, [1]), x, 1, ctx.dtype, 4);
    }),
    defineCase('stability/crossEntropy/pm1000', 'crossEntropy', 'stability', async (ctx) => {
      const x = stabilityLogits(ctx.dtype);
      const [y] = await evaluate(ctx, () =>
        pg.softmaxCrossEntropy(up(ctx, x), up(ctx, STABILITY_LABELS, 'int32')),
      );
      return rowChecks(
        'cross-entropy (2000, 1000, ~2000: finite)',
        y,
        ref.crossEntropy(x, STABILITY_LABELS),
        x,
        1,
        ctx.dtype,
        4,
      );
    }),
    defineCase('stability/crossEntropyBackward/pm1000', 'crossEntropyBackward', 'stability', (ctx) =>
      gradientChecks(ctx, {
        label: 'cross-entropy gradient at ±1000 (and ordinary rows)',
        inputs: [stabilityLogits(ctx.dtype)],
        fn: ([x], c) => pg.softmaxCrossEntropy(x, up(c, STABILITY_LABELS, 'int32')),
        forward: ([x]) => ref.crossEntropy(x, STABILITY_LABELS),
        vjp: (dy, [x]) => [ref.crossEntropyBackward(x, STABILITY_LABELS, dy)],
        k: 4,
        scale: (dy) => gradientScales(stabilityLogits(ctx.dtype), dy, 1),
      }),
    ),
    defineCase('stability/softmaxBackward/pm1000', 'softmaxBackward', 'stability', (ctx) =>
      gradientChecks(ctx, {
        label: 'logSoftmax gradient at ±1000 (and ordinary rows)',
        inputs: [stabilityLogits(ctx.dtype)],
        fn: ([x]) => pg.logSoftmax(x),
        forward: ([x]) => ref.logSoftmax(x, 1),
        vjp: (dy, [x]) => [ref.logSoftmaxBackward(ref.logSoftmax(x, 1), dy, 1)],
        k: 4,
        scale: (dy) => gradientScales(stabilityLogits(ctx.dtype), dy, 4),
      }),
    ),
    defineCase('stability/unary/sigmoid-softplus-extremes', 'unary', 'stability', async (ctx) => {
      const x = { shape: [6], data: stored([-1000, -100, -30, 30, 100, 1000], ctx.dtype) };
      const [s, p, t] = await evaluate(ctx, () => [
        pg.sigmoid(up(ctx, x)),
        pg.softplus(up(ctx, x)),
        pg.tanh(up(ctx, x)),
      ]);
      return [
        numeric('sigmoid at extremes', s, ref.unary('sigmoid', x), ctx.dtype),
        numeric('softplus at extremes (no overflow)', p, ref.unary('softplus', x), ctx.dtype),
        numeric('tanh at extremes', t, ref.unary('tanh', x), ctx.dtype),
      ];
    }),
  ];
}
