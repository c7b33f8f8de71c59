/** Softmax, log-softmax and cross-entropy forward, and their stability at ±1000. */
import * as pg from '@polygrad/core';
import { integers, stored, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import type { ConformanceCase, FloatDType } from '../types.js';
import { defineCase, evaluate, gradientChecks, numeric, up } from './util.js';

/** Logits with entries near ±1000 (naive exp overflows/underflows). */
export function hugeLogits(dtype: FloatDType): NDArray {
  return {
    shape: [3, 4],
    data: stored([1000, 999, -1000, 0, -1000, -999.5, -1001, -1000, 1000, 1000, 1000, -1000], dtype),
  };
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
      const x = hugeLogits(ctx.dtype);
      const [a, b] = await evaluate(ctx, () => [pg.softmax(up(ctx, x)), pg.logSoftmax(up(ctx, x))]);
      return [
        numeric('softmax at ±1000 (finite, rows sum to 1)', a, ref.softmax(x, 1), ctx.dtype, {
          k: 4,
          inputs: [x],
        }),
        numeric('logSoftmax at ±1000', b, ref.logSoftmax(x, 1), ctx.dtype, { k: 4, inputs: [x] }),
      ];
    }),
    defineCase('stability/reduce/logsumexp-pm1000', 'reduce', 'stability', async (ctx) => {
      const x = hugeLogits(ctx.dtype);
      const [a] = await evaluate(ctx, () => pg.logsumexp(up(ctx, x), 1));
      return [numeric('logsumexp at ±1000', a, ref.logsumexp(x, [1]), ctx.dtype, { k: 4, inputs: [x] })];
    }),
    defineCase('stability/crossEntropy/pm1000', 'crossEntropy', 'stability', async (ctx) => {
      const x = hugeLogits(ctx.dtype);
      const labels = { shape: [3], data: Float64Array.from([2, 0, 3]) };
      const [y] = await evaluate(ctx, () => pg.softmaxCrossEntropy(up(ctx, x), up(ctx, labels, 'int32')));
      return [
        numeric(
          'cross-entropy at ±1000 (2000, 1000, ~2000: finite)',
          y,
          ref.crossEntropy(x, labels),
          ctx.dtype,
          { k: 4, inputs: [x] },
        ),
      ];
    }),
    defineCase('stability/crossEntropyBackward/pm1000', 'crossEntropyBackward', 'stability', (ctx) => {
      const labels = { shape: [3], data: Float64Array.from([2, 0, 3]) };
      return gradientChecks(ctx, {
        label: 'cross-entropy gradient at ±1000',
        inputs: [hugeLogits(ctx.dtype)],
        fn: ([x], c) => pg.softmaxCrossEntropy(x, up(c, labels, 'int32')),
        forward: ([x]) => ref.crossEntropy(x, labels),
        vjp: (dy, [x]) => [ref.crossEntropyBackward(x, labels, dy)],
        k: 4,
      });
    }),
    defineCase('stability/softmaxBackward/pm1000', 'softmaxBackward', 'stability', (ctx) =>
      gradientChecks(ctx, {
        label: 'logSoftmax gradient at ±1000',
        inputs: [hugeLogits(ctx.dtype)],
        fn: ([x]) => pg.logSoftmax(x),
        forward: ([x]) => ref.logSoftmax(x, 1),
        vjp: (dy, [x]) => [ref.logSoftmaxBackward(ref.logSoftmax(x, 1), dy, 1)],
        k: 4,
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
