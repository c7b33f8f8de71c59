/** int32 paths: wrapping arithmetic and sums, argmax, gather, comparisons, casts, integer unary ops. */
import * as pg from '@polygrad/core';
import { integers } from '../data.js';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import type { ConformanceCase } from '../types.js';
import { compareOpFns, unaryOp } from './elementwise.js';
import { defineCase, evaluate, numeric, up } from './util.js';

const BIG: NDArray = {
  shape: [2, 3],
  data: Float64Array.from([2147483647, -2147483648, 1 << 30, 123456789, -7, 65537]),
};
const SMALL: NDArray = { shape: [2, 3], data: Float64Array.from([1, -1, 3, 1000, 5, 65537]) };

/** Magnitudes every int32 representation holds exactly: float24 backends (WebGL, TF.js webgl) stop at 2^24. */
const EXACT: NDArray = {
  shape: [2, 3],
  data: Float64Array.from([16777215, -16777216, 1 << 23, 4194303, -7, 65537]),
};
const EXACT_SMALL: NDArray = { shape: [2, 3], data: Float64Array.from([1, 0, -3, 4, 5, -255]) };

/** Cases about 32-bit wrapping apply only to backends that declare it (not 'float24'). */
function wrapping(c: ConformanceCase): ConformanceCase {
  return {
    ...c,
    requires: (b) =>
      pg.int32Semantics(b) === 'wrapping'
        ? null
        : `int32 is held as float (${pg.int32Semantics(b)}): exact to 2^24, no 32-bit wrapping`,
  };
}

export function int32Cases(): ConformanceCase[] {
  return [
    defineCase('int32/binary/exact-to-2^24', 'binary', 'int32', async (ctx) => {
      const [a, s, m, mx, mn] = await evaluate(ctx, () => {
        const x = up(ctx, EXACT, 'int32');
        const y = up(ctx, EXACT_SMALL, 'int32');
        return [pg.add(x, y), pg.sub(x, y), pg.mul(x, y), pg.maximum(x, y), pg.minimum(x, y)];
      });
      return [
        numeric('int32 add', a, ref.binary('add', EXACT, EXACT_SMALL, true), 'int32'),
        numeric('int32 sub', s, ref.binary('sub', EXACT, EXACT_SMALL, true), 'int32'),
        numeric('int32 mul', m, ref.binary('mul', EXACT, EXACT_SMALL, true), 'int32'),
        numeric('int32 maximum', mx, ref.binary('maximum', EXACT, EXACT_SMALL), 'int32'),
        numeric('int32 minimum', mn, ref.binary('minimum', EXACT, EXACT_SMALL), 'int32'),
      ];
    }),
    defineCase('int32/reduce/sum-exact-to-2^24', 'reduce', 'int32', async (ctx) => {
      const big: NDArray = { shape: [4], data: Float64Array.from([8388608, 4194304, 4194303, -1]) };
      const [s, mn] = await evaluate(ctx, () => [
        pg.sum(up(ctx, big, 'int32')),
        pg.min(up(ctx, EXACT, 'int32'), 1),
      ]);
      return [
        numeric('int32 sum to 2^24 - 2', s, [16777214], 'int32'),
        numeric('int32 min', mn, ref.reduce('min', EXACT, [1]), 'int32'),
      ];
    }),
    defineCase('int32/select/where-exact-to-2^24', 'select', 'int32', async (ctx) => {
      const c = integers([2, 3], 0, 2, 208);
      const [y] = await evaluate(ctx, () =>
        pg.where(up(ctx, c, 'bool'), up(ctx, EXACT, 'int32'), up(ctx, EXACT_SMALL, 'int32')),
      );
      return [numeric('where on int32', y, ref.select(c, EXACT, EXACT_SMALL), 'int32')];
    }),
    wrapping(
      defineCase('int32/binary/add-sub-mul-wrap', 'binary', 'int32', async (ctx) => {
        const [a, s, m, mx] = await evaluate(ctx, () => {
          const x = up(ctx, BIG, 'int32');
          const y = up(ctx, SMALL, 'int32');
          return [pg.add(x, y), pg.sub(x, y), pg.mul(x, y), pg.maximum(x, y)];
        });
        return [
          numeric('int32 add wraps', a, ref.binary('add', BIG, SMALL, true), 'int32'),
          numeric('int32 sub wraps', s, ref.binary('sub', BIG, SMALL, true), 'int32'),
          numeric('int32 mul wraps', m, ref.binary('mul', BIG, SMALL, true), 'int32'),
          numeric('int32 maximum', mx, ref.binary('maximum', BIG, SMALL), 'int32'),
        ];
      }),
    ),
    wrapping(
      defineCase('int32/reduce/sum-wraps', 'reduce', 'int32', async (ctx) => {
        const x = integers([3, 4], -50, 50, 201);
        const [s, w, mx] = await evaluate(ctx, () => [
          pg.sum(up(ctx, x, 'int32'), 1),
          pg.sum(up(ctx, BIG, 'int32')),
          pg.max(up(ctx, x, 'int32'), 0),
        ]);
        return [
          numeric('int32 sum', s, ref.reduce('sum', x, [1], false, true), 'int32'),
          numeric('int32 sum wraps', w, ref.reduce('sum', BIG, [0, 1], false, true), 'int32'),
          numeric('int32 max', mx, ref.reduce('max', x, [0]), 'int32'),
        ];
      }),
    ),
    defineCase('int32/argReduce/argmax', 'argReduce', 'int32', async (ctx) => {
      const x = integers([3, 5], -3, 3, 202);
      const [a, b] = await evaluate(ctx, () => [
        pg.argmax(up(ctx, x, 'int32'), 1),
        pg.argmin(up(ctx, x, 'int32'), 0),
      ]);
      return [
        numeric('argmax of int32', a, ref.argReduce('argmax', x, 1), 'int32'),
        numeric('argmin of int32', b, ref.argReduce('argmin', x, 0), 'int32'),
      ];
    }),
    defineCase('int32/gather/int-values', 'gather', 'int32', async (ctx) => {
      const x = integers([4, 3], -100, 100, 203);
      const idx = { shape: [5], data: Float64Array.from([3, 3, 0, 1, 2]) };
      const [y] = await evaluate(ctx, () => pg.gather(up(ctx, x, 'int32'), up(ctx, idx, 'int32'), 0));
      return [numeric('gather int32 rows', y, ref.gather(x, idx, 0), 'int32')];
    }),
    defineCase('int32/compare/all', 'compare', 'int32', async (ctx) => {
      const a = integers([3, 4], -2, 3, 204);
      const b = integers([4], -2, 3, 205);
      const ops = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const;
      const outs = await evaluate(ctx, () =>
        ops.map((op) => compareOpFns[op](up(ctx, a, 'int32'), up(ctx, b, 'int32'))),
      );
      return ops.map((op, i) => numeric(`int32 ${op}`, outs[i], ref.compare(op, a, b), 'bool'));
    }),
    defineCase('int32/cast/round-trips', 'cast', 'int32', async (ctx) => {
      const f: NDArray = { shape: [6], data: ctx.stored([-3.99, -0.5, 0.5, 3.99, 1e9, -1e9]) };
      const i = integers([5], -1000, 1000, 206);
      const [fi, if_, ib, bi] = await evaluate(ctx, () => [
        pg.cast(up(ctx, f), 'int32'),
        pg.cast(up(ctx, i, 'int32'), ctx.dtype),
        pg.cast(up(ctx, i, 'int32'), 'bool'),
        pg.cast(pg.cast(up(ctx, i, 'int32'), 'bool'), 'int32'),
      ]);
      return [
        numeric(
          'float to int32',
          fi,
          f.data.map((v) => ref.castValue(v, 'int32')),
          'int32',
        ),
        numeric('int32 to float', if_, i, ctx.dtype, { inputs: [i] }),
        numeric(
          'int32 to bool',
          ib,
          i.data.map((v) => (v !== 0 ? 1 : 0)),
          'bool',
        ),
        numeric(
          'bool to int32',
          bi,
          i.data.map((v) => (v !== 0 ? 1 : 0)),
          'int32',
        ),
      ];
    }),
    defineCase('int32/unary/neg-abs-sign-square', 'unary', 'int32', async (ctx) => {
      const x = integers([8], -1000, 1000, 207);
      const outs = await evaluate(ctx, () =>
        (['neg', 'abs', 'sign', 'square'] as const).map((op) => unaryOp(op)(up(ctx, x, 'int32'))),
      );
      return (['neg', 'abs', 'sign', 'square'] as const).map((op, i) =>
        numeric(`int32 ${op}`, outs[i], ref.unary(op, x), 'int32'),
      );
    }),
    wrapping(
      defineCase('int32/select/where', 'select', 'int32', async (ctx) => {
        const c = integers([2, 3], 0, 2, 208);
        const [y] = await evaluate(ctx, () =>
          pg.where(up(ctx, c, 'bool'), up(ctx, BIG, 'int32'), up(ctx, SMALL, 'int32')),
        );
        return [numeric('where on int32', y, ref.select(c, BIG, SMALL), 'int32')];
      }),
    ),
    defineCase('int32/fill-range/create', 'range', 'int32', async (ctx) => {
      const [r, f] = await evaluate(ctx, () => [
        pg.arange(-3, 4, 1, { dtype: 'int32', backend: ctx.backendName }),
        pg.full([3], -7, { dtype: 'int32', backend: ctx.backendName }),
      ]);
      return [
        numeric('arange int32', r, [-3, -2, -1, 0, 1, 2, 3], 'int32'),
        numeric('full int32', f, [-7, -7, -7], 'int32'),
      ];
    }),
  ];
}
