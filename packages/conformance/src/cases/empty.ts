/** Size-0 dimensions: elementwise, reductions to identities, matmul with K = 0, concat with empty pieces. */

import type { ReduceOp } from '@polygrad/core';
import * as pg from '@polygrad/core';
import { uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { ConformanceCase } from '../types.js';
import { bool, defineCase, evaluate, numeric, up } from './util.js';

export function emptyCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [
    defineCase('empty/binary/broadcast-zero-rows', 'binary', 'empty', async (ctx) => {
      const a = uniform([0, 3], -1, 1, 181, ctx.dtype);
      const b = uniform([1, 3], -1, 1, 182, ctx.dtype);
      const outs = pg.tidy(() => {
        const y = pg.add(up(ctx, a), up(ctx, b));
        return [y, pg.exp(y), pg.greater(y, 0)];
      });
      const shapes = outs.map((t) => t.shape.join(','));
      const values = await Promise.all(outs.map((t) => ctx.read(t)));
      pg.dispose(outs);
      return [
        bool(
          'shapes are [0,3]',
          shapes.every((s) => s === '0,3'),
          `got shapes ${shapes.map((s) => `[${s}]`).join(' ')}`,
        ),
        numeric(
          'add/exp/greater on [0,3] give no elements',
          Float64Array.from(values.flatMap((v) => [...v])),
          [],
          ctx.dtype,
        ),
      ];
    }),
    defineCase('empty/unary/exp', 'unary', 'empty', async (ctx) => {
      const x = uniform([2, 0, 3], -1, 1, 183, ctx.dtype);
      const [y] = await evaluate(ctx, () => pg.exp(up(ctx, x)));
      return [numeric('exp of [2,0,3]', y, [], ctx.dtype)];
    }),
    defineCase('empty/matmul/k-zero', 'matmul', 'empty', async (ctx) => {
      const a = uniform([3, 0], -1, 1, 184, ctx.dtype);
      const b = uniform([0, 4], -1, 1, 185, ctx.dtype);
      const [y, yt, m0] = await evaluate(ctx, () => [
        pg.matmul(up(ctx, a), up(ctx, b)),
        pg.matmul(up(ctx, { shape: [0, 3], data: new Float64Array(0) }), up(ctx, b), { transposeA: true }),
        pg.matmul(
          up(ctx, { shape: [0, 5], data: new Float64Array(0) }),
          up(ctx, uniform([5, 2], -1, 1, 186, ctx.dtype)),
        ),
      ]);
      return [
        numeric('[3,0]·[0,4] is zeros', y, new Float64Array(12), ctx.dtype),
        numeric('[0,3]ᵀ·[0,4] is zeros', yt, new Float64Array(12), ctx.dtype),
        numeric('[0,5]·[5,2] is empty', m0, [], ctx.dtype),
      ];
    }),
    defineCase('empty/concat/empty-pieces', 'concat', 'empty', async (ctx) => {
      const a = uniform([2, 0], -1, 1, 187, ctx.dtype);
      const b = uniform([2, 3], -1, 1, 188, ctx.dtype);
      const [y, z] = await evaluate(ctx, () => [
        pg.concat([up(ctx, a), up(ctx, b), up(ctx, a)], 1),
        pg.concat([up(ctx, uniform([0, 3], -1, 1, 189, ctx.dtype)), up(ctx, b)], 0),
      ]);
      return [
        numeric('concat with [2,0] pieces', y, b, ctx.dtype),
        numeric('concat [0,3] and [2,3]', z, b, ctx.dtype),
      ];
    }),
    defineCase('empty/layout/slice-pad-transpose-gather', 'slice', 'empty', async (ctx) => {
      const x = uniform([3, 4], -1, 1, 190, ctx.dtype);
      const e = uniform([0, 2], -1, 1, 191, ctx.dtype);
      const [s, p, t, g] = await evaluate(ctx, () => [
        pg.slice(up(ctx, x), [1, 0], [0, 4]),
        pg.pad(
          up(ctx, e),
          [
            [1, 0],
            [0, 1],
          ],
          7,
        ),
        pg.transpose(up(ctx, e)),
        pg.gather(up(ctx, x), ctx.tensor([], [0], 'int32'), 0),
      ]);
      return [
        numeric('slice of size 0', s, [], ctx.dtype),
        numeric('pad of [0,2] gives the pad value', p, [7, 7, 7], ctx.dtype),
        numeric('transpose of [0,2]', t, [], ctx.dtype),
        numeric('gather with no indices', g, [], ctx.dtype),
      ];
    }),
  ];
  for (const op of ['sum', 'prod', 'max', 'min'] as const satisfies readonly ReduceOp[]) {
    cases.push(
      defineCase(`empty/reduce/${op}-identity`, 'reduce', 'empty', async (ctx) => {
        // Core rejects max/min over an empty axis, so the kernel is called directly: the contract says identity.
        const b = ctx.backend;
        const x = up(ctx, uniform([2, 0, 3], -1, 1, 192, ctx.dtype));
        try {
          const h = b.kernels.reduce({
            op,
            x: x._info('reduce'),
            axes: [1],
            out: { shape: [2, 3], dtype: ctx.dtype },
          });
          const y = Float64Array.from(b.readSync ? b.readSync(h) : await b.read(h));
          b.free(h);
          const checks = [
            numeric(
              `${op} over an empty axis is the identity`,
              y,
              ref.reduce(op, { shape: [2, 0, 3], data: new Float64Array(0) }, [1]),
              ctx.dtype,
            ),
          ];
          if (op === 'sum' || op === 'prod') {
            const [s] = await evaluate(ctx, () => (op === 'sum' ? pg.sum(x) : pg.prod(x)));
            checks.push(numeric(`${op} of all of an empty tensor`, s, [op === 'sum' ? 0 : 1], ctx.dtype));
          }
          return checks;
        } finally {
          x.dispose();
        }
      }),
    );
  }
  return cases;
}
