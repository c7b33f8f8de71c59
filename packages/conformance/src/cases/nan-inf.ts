/** NaN and ±Infinity propagation: IEEE results, and NaN-propagating max/min/maximum/minimum. */

import type { KernelName, Tensor } from '@polygrad/core';
import * as pg from '@polygrad/core';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import type { CaseContext, ConformanceCase } from '../types.js';
import { defineCase, evaluate, numeric, up } from './util.js';

const SPECIAL: NDArray = {
  shape: [2, 4],
  data: Float64Array.from([NaN, Infinity, -Infinity, 0, 1, -2, NaN, Infinity]),
};
const OTHER: NDArray = {
  shape: [2, 4],
  data: Float64Array.from([1, -Infinity, -Infinity, Infinity, NaN, 0, 3, Infinity]),
};

function nanCase(
  name: string,
  kernel: KernelName,
  build: (ctx: CaseContext, x: Tensor, y: Tensor) => Tensor,
  expected: NDArray,
): ConformanceCase {
  return defineCase(`nan-inf/${name}`, kernel, 'nan-inf', async (ctx) => {
    const [v] = await evaluate(ctx, () => build(ctx, up(ctx, SPECIAL), up(ctx, OTHER)));
    return [numeric(name, v, expected, kernel === 'argReduce' ? 'int32' : ctx.dtype)];
  });
}

export function nanInfCases(): ConformanceCase[] {
  return [
    nanCase('add', 'binary', (_c, x, y) => pg.add(x, y), ref.binary('add', SPECIAL, OTHER)),
    nanCase('mul', 'binary', (_c, x, y) => pg.mul(x, y), ref.binary('mul', SPECIAL, OTHER)),
    nanCase('div', 'binary', (_c, x, y) => pg.div(x, y), ref.binary('div', SPECIAL, OTHER)),
    nanCase('maximum', 'binary', (_c, x, y) => pg.maximum(x, y), ref.binary('maximum', SPECIAL, OTHER)),
    nanCase('minimum', 'binary', (_c, x, y) => pg.minimum(x, y), ref.binary('minimum', SPECIAL, OTHER)),
    nanCase('exp', 'unary', (_c, x) => pg.exp(x), ref.unary('exp', SPECIAL)),
    nanCase('log', 'unary', (_c, x) => pg.log(x), ref.unary('log', SPECIAL)),
    nanCase('sqrt', 'unary', (_c, x) => pg.sqrt(x), ref.unary('sqrt', SPECIAL)),
    nanCase(
      'tanh-sigmoid',
      'unary',
      (_c, x) => pg.add(pg.tanh(x), pg.sigmoid(x)),
      ref.binary('add', ref.unary('tanh', SPECIAL), ref.unary('sigmoid', SPECIAL)),
    ),
    nanCase('reduce-max', 'reduce', (_c, x) => pg.max(x, 1), ref.reduce('max', SPECIAL, [1])),
    nanCase('reduce-min', 'reduce', (_c, x) => pg.min(x, 0), ref.reduce('min', SPECIAL, [0])),
    nanCase('reduce-sum', 'reduce', (_c, x) => pg.sum(x, 0), ref.reduce('sum', SPECIAL, [0])),
    nanCase(
      'argmax-nan-is-extreme',
      'argReduce',
      (_c, x) => pg.argmax(x, 1),
      ref.argReduce('argmax', SPECIAL, 1),
    ),
    nanCase(
      'isNaN-isFinite',
      'unary',
      (_c, x) => pg.add(pg.cast(pg.isNaN(x), 'int32'), pg.mul(pg.cast(pg.isFinite(x), 'int32'), 2)),
      {
        shape: [2, 4],
        data: SPECIAL.data.map((v) => (Number.isNaN(v) ? 1 : 0) + (Number.isFinite(v) ? 2 : 0)),
      },
    ),
    defineCase('nan-inf/divide-by-zero-and-log-zero', 'binary', 'nan-inf', async (ctx) => {
      const x: NDArray = { shape: [4], data: Float64Array.from([1, -1, 0, 2]) };
      const [d, l] = await evaluate(ctx, () => [pg.div(up(ctx, x), 0), pg.log(pg.sub(up(ctx, x), 1))]);
      return [
        numeric('x / 0', d, [Infinity, -Infinity, NaN, Infinity], ctx.dtype),
        numeric('log(x - 1)', l, [-Infinity, NaN, NaN, 0], ctx.dtype),
      ];
    }),
  ];
}
