/**
 * Size tier, layout and indexing: transpose, slice, pad, concat and expand of
 * tensors past 4096 elements with odd extents, and gather / scatterAdd with
 * thousands of indices (repeats, and out-of-range ones the kernel ignores).
 */
import * as pg from '@polygrad/core';
import { integers, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import type { ConformanceCase } from '../types.js';
import { defineCase, evaluate, gradientChecks, numeric, up } from './util.js';

export function sizeLayoutCases(): ConformanceCase[] {
  return [
    defineCase('size/transpose/rank2-and-3', 'transpose', 'size', async (ctx) => {
      const x = uniform([67, 3, 29], -3, 3, 351, ctx.dtype);
      const m = uniform([37, 131], -3, 3, 352, ctx.dtype);
      const [a, b] = await evaluate(ctx, () => [
        pg.transpose(up(ctx, x), [2, 0, 1]),
        pg.transpose(up(ctx, m)),
      ]);
      return [
        numeric('[67,3,29] perm [2,0,1]', a, ref.transpose(x, [2, 0, 1]), ctx.dtype),
        numeric('[37,131]ᵀ', b, ref.transpose(m, [1, 0]), ctx.dtype),
      ];
    }),
    defineCase('size/slice/interior', 'slice', 'size', async (ctx) => {
      const x = uniform([71, 67], -3, 3, 353, ctx.dtype);
      const [a] = await evaluate(ctx, () => pg.slice(up(ctx, x), [3, 1], [67, 65]));
      return [numeric('[71,67] from [3,1] size [67,65]', a, ref.slice(x, [3, 1], [67, 65]), ctx.dtype)];
    }),
    defineCase('size/pad/both-sides', 'pad', 'size', async (ctx) => {
      const x = uniform([65, 67], -3, 3, 354, ctx.dtype);
      const p: [number, number][] = [
        [1, 2],
        [3, 0],
      ];
      const [a] = await evaluate(ctx, () => pg.pad(up(ctx, x), p, 0.5));
      return [numeric('[65,67] padded to [68,70]', a, ref.pad(x, p, 0.5), ctx.dtype)];
    }),
    defineCase('size/concat/both-axes', 'concat', 'size', async (ctx) => {
      const a = uniform([33, 129], -3, 3, 355, ctx.dtype);
      const b = uniform([17, 129], -3, 3, 356, ctx.dtype);
      const c = uniform([33, 65], -3, 3, 357, ctx.dtype);
      const [r, s] = await evaluate(ctx, () => [
        pg.concat([up(ctx, a), up(ctx, b)], 0),
        pg.concat([up(ctx, a), up(ctx, c)], 1),
      ]);
      return [
        numeric('[33,129] ++ [17,129] on axis 0', r, ref.concat([a, b], 0), ctx.dtype),
        numeric('[33,129] ++ [33,65] on axis 1', s, ref.concat([a, c], 1), ctx.dtype),
      ];
    }),
    defineCase('size/expand/rows-and-columns', 'expand', 'size', async (ctx) => {
      const row = uniform([1, 131], -3, 3, 358, ctx.dtype);
      const col = uniform([37, 1], -3, 3, 359, ctx.dtype);
      const [a, b] = await evaluate(ctx, () => [
        pg.expand(up(ctx, row), [37, 131]),
        pg.expand(up(ctx, col), [37, 131]),
      ]);
      return [
        numeric('[1,131] to [37,131]', a, ref.expand(row, [37, 131]), ctx.dtype),
        numeric('[37,1] to [37,131]', b, ref.expand(col, [37, 131]), ctx.dtype),
      ];
    }),
    defineCase('size/gather/thousands-of-indices', 'gather', 'size', async (ctx) => {
      const x = uniform([1031, 7], -3, 3, 360, ctx.dtype);
      const xt = uniform([5, 1031], -3, 3, 361, ctx.dtype);
      const i0 = integers([3001], 0, 1031, 362);
      const i1 = integers([3, 1000], 0, 1031, 363);
      const [a, b] = await evaluate(ctx, () => [
        pg.gather(up(ctx, x), up(ctx, i0, 'int32'), 0),
        pg.gather(up(ctx, xt), up(ctx, i1, 'int32'), 1),
      ]);
      return [
        numeric('3001 rows of [1031,7]', a, ref.gather(x, i0, 0), ctx.dtype),
        numeric('[3,1000] indices along axis 1 of [5,1031]', b, ref.gather(xt, i1, 1), ctx.dtype),
      ];
    }),
    defineCase('size/scatterAdd/kernel', 'scatterAdd', 'size', async (ctx) => {
      // Called on the kernel directly: 3001 updates into 1031 slots (repeats add); out-of-range indices are ignored.
      const b = ctx.backend;
      const updates = uniform([7, 3001], -3, 3, 364, ctx.dtype);
      const idx: NDArray = integers([3001], -2, 1033, 365);
      const u = up(ctx, updates);
      const i = up(ctx, idx, 'int32');
      try {
        const h = b.kernels.scatterAdd({
          updates: u._info('scatterAdd'),
          indices: i._info('scatterAdd'),
          axis: 1,
          out: { shape: [7, 1031], dtype: ctx.dtype },
        });
        const y = Float64Array.from(b.readSync ? b.readSync(h) : await b.read(h));
        b.free(h);
        // The most updates any slot receives bounds the accumulation length.
        const counts = new Map<number, number>();
        for (const v of idx.data) counts.set(v, (counts.get(v) ?? 0) + 1);
        return [
          numeric(
            '3001 updates into [7,1031] along axis 1',
            y,
            ref.scatterAdd(updates, idx, 1, [7, 1031]),
            ctx.dtype,
            { k: Math.max(...counts.values()), inputs: [updates] },
          ),
        ];
      } finally {
        u.dispose();
        i.dispose();
      }
    }),
    defineCase('size/gradient/gather-thousands-of-indices', 'scatterAdd', 'size', (ctx) => {
      const idx = integers([3001], 0, 1031, 366);
      const counts = new Map<number, number>();
      for (const v of idx.data) counts.set(v, (counts.get(v) ?? 0) + 1);
      return gradientChecks(ctx, {
        label: 'gather of 3001 rows, gradient (scatterAdd with repeats)',
        inputs: [uniform([1031, 7], -2, 2, 367, ctx.dtype)],
        fn: ([x], c) => pg.gather(x, c.tensor(idx.data, idx.shape, 'int32'), 0),
        forward: ([x]) => ref.gather(x, idx, 0),
        vjp: (dy, [x]) => [ref.scatterAdd(dy, idx, 0, x.shape)],
        k: Math.max(...counts.values()),
        noFiniteDifferences: true,
      });
    }),
  ];
}
