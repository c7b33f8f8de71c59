/** Forward cases for transpose, slice, pad, concat, expand, gather and scatterAdd. */
import * as pg from '@polygrad/core';
import { integers, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { ConformanceCase } from '../types.js';
import { defineCase, evaluate, numeric, up } from './util.js';

export function layoutCases(): ConformanceCase[] {
  return [
    defineCase('forward/transpose/rank3-and-4', 'transpose', 'forward', async (ctx) => {
      const x = uniform([2, 3, 4], -3, 3, 91, ctx.dtype);
      const w = uniform([2, 3, 4, 5], -3, 3, 92, ctx.dtype);
      const [a, b, c] = await evaluate(ctx, () => [
        pg.transpose(up(ctx, x), [2, 0, 1]),
        pg.transpose(up(ctx, w), [1, 3, 0, 2]),
        pg.transpose(up(ctx, x)),
      ]);
      return [
        numeric('perm [2,0,1]', a, ref.transpose(x, [2, 0, 1]), ctx.dtype),
        numeric('perm [1,3,0,2]', b, ref.transpose(w, [1, 3, 0, 2]), ctx.dtype),
        numeric('default perm reverses', c, ref.transpose(x, [2, 1, 0]), ctx.dtype),
      ];
    }),
    defineCase('forward/slice/blocks', 'slice', 'forward', async (ctx) => {
      const x = uniform([4, 5, 6], -3, 3, 93, ctx.dtype);
      const [a, b] = await evaluate(ctx, () => [
        pg.slice(up(ctx, x), [1, 0, 2], [2, -1, 3]),
        pg.slice(up(ctx, x), [-2]),
      ]);
      return [
        numeric('slice begin [1,0,2] size [2,5,3]', a, ref.slice(x, [1, 0, 2], [2, 5, 3]), ctx.dtype),
        numeric('slice negative begin', b, ref.slice(x, [2, 0, 0], [2, 5, 6]), ctx.dtype),
      ];
    }),
    defineCase('forward/pad/constant', 'pad', 'forward', async (ctx) => {
      const x = uniform([2, 3], -3, 3, 94, ctx.dtype);
      const p: [number, number][] = [
        [1, 0],
        [2, 1],
      ];
      const [a, b] = await evaluate(ctx, () => [pg.pad(up(ctx, x), p), pg.pad(up(ctx, x), p, -1.5)]);
      return [
        numeric('pad with 0', a, ref.pad(x, p), ctx.dtype),
        numeric('pad with -1.5', b, ref.pad(x, p, -1.5), ctx.dtype),
      ];
    }),
    defineCase('forward/concat/axes', 'concat', 'forward', async (ctx) => {
      const xs = [
        uniform([2, 1, 3], -3, 3, 95, ctx.dtype),
        uniform([2, 4, 3], -3, 3, 96, ctx.dtype),
        uniform([2, 2, 3], -3, 3, 97, ctx.dtype),
      ];
      const ys = [uniform([1, 3], -3, 3, 98, ctx.dtype), uniform([2, 3], -3, 3, 99, ctx.dtype)];
      const [a, b, s] = await evaluate(ctx, () => [
        pg.concat(
          xs.map((x) => up(ctx, x)),
          1,
        ),
        pg.concat(
          ys.map((x) => up(ctx, x)),
          0,
        ),
        pg.stack([up(ctx, ys[1]), up(ctx, ys[1])], 1),
      ]);
      return [
        numeric('concat 3 pieces on axis 1', a, ref.concat(xs, 1), ctx.dtype),
        numeric('concat on axis 0', b, ref.concat(ys, 0), ctx.dtype),
        numeric(
          'stack on axis 1',
          s,
          ref.concat(
            [
              { shape: [2, 1, 3], data: ys[1].data },
              { shape: [2, 1, 3], data: ys[1].data },
            ],
            1,
          ),
          ctx.dtype,
        ),
      ];
    }),
    defineCase('forward/expand/broadcast-to', 'expand', 'forward', async (ctx) => {
      const x = uniform([3, 1], -3, 3, 100, ctx.dtype);
      const v = uniform([4], -3, 3, 101, ctx.dtype);
      const [a, b] = await evaluate(ctx, () => [
        pg.expand(up(ctx, x), [2, 3, 4]),
        pg.expand(up(ctx, v), [3, -1]),
      ]);
      return [
        numeric('[3,1] to [2,3,4]', a, ref.expand(x, [2, 3, 4]), ctx.dtype),
        numeric('[4] to [3,4]', b, ref.expand(v, [3, 4]), ctx.dtype),
      ];
    }),
    defineCase('forward/gather/axes', 'gather', 'forward', async (ctx) => {
      const x = uniform([5, 4], -3, 3, 102, ctx.dtype);
      const i0 = { shape: [6], data: Float64Array.from([4, 0, 0, 2, 3, 4]) };
      const i1 = integers([2, 3], 0, 4, 103);
      const [a, b] = await evaluate(ctx, () => [
        pg.gather(up(ctx, x), up(ctx, i0, 'int32'), 0),
        pg.gather(up(ctx, x), up(ctx, i1, 'int32'), 1),
      ]);
      return [
        numeric('axis 0 with repeats', a, ref.gather(x, i0, 0), ctx.dtype),
        numeric('axis 1, 2-D indices', b, ref.gather(x, i1, 1), ctx.dtype),
      ];
    }),
    defineCase('forward/scatterAdd/kernel', 'scatterAdd', 'forward', async (ctx) => {
      // Called on the kernel directly: out-of-range indices must be ignored, repeats must add.
      const b = ctx.backend;
      const updates = uniform([3, 5], -3, 3, 104, ctx.dtype);
      const idx = { shape: [5], data: Float64Array.from([1, 3, 1, 7, -1]) };
      const u = up(ctx, updates);
      const i = up(ctx, idx, 'int32');
      try {
        const h = b.kernels.scatterAdd({
          updates: u._info('scatterAdd'),
          indices: i._info('scatterAdd'),
          axis: 1,
          out: { shape: [3, 4], dtype: ctx.dtype },
        });
        const y = Float64Array.from(b.readSync ? b.readSync(h) : await b.read(h));
        b.free(h);
        return [
          numeric(
            'scatterAdd along axis 1 with repeats and out-of-range',
            y,
            ref.scatterAdd(updates, idx, 1, [3, 4]),
            ctx.dtype,
            { k: 2, inputs: [updates] },
          ),
        ];
      } finally {
        u.dispose();
        i.dispose();
      }
    }),
  ];
}
