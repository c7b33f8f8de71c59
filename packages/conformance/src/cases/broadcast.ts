/** Broadcasting pairs for binary ops, comparisons and select (forward); gradients live in gradients.ts. */
import * as pg from '@polygrad/core';
import { BINARY_OPS, COMPARE_OPS } from '@polygrad/core';
import { integers, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { ConformanceCase } from '../types.js';
import { binaryCheck, compareCheck } from './elementwise.js';
import { broadcastGradientCases } from './gradients.js';
import { defineCase, evaluate, numeric, up } from './util.js';

export const BROADCAST_PAIRS: readonly (readonly [readonly number[], readonly number[]])[] = [
  [
    [3, 1],
    [1, 4],
  ],
  [[2, 3, 4], [4]],
  [
    [2, 1, 4],
    [3, 1],
  ],
  [[], [2, 3]],
  [[5], [1]],
  [
    [1, 1, 3],
    [2, 4, 1],
  ],
];

export function broadcastCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of BINARY_OPS) {
    cases.push(
      defineCase(`broadcast/binary/${op}`, 'binary', 'broadcast', async (ctx) => {
        const checks = [];
        for (const [sa, sb] of BROADCAST_PAIRS) {
          checks.push(await binaryCheck(ctx, op, sa, sb, 171, `${op} [${sa.join(',')}]∘[${sb.join(',')}]`));
          checks.push(await binaryCheck(ctx, op, sb, sa, 172, `${op} [${sb.join(',')}]∘[${sa.join(',')}]`));
        }
        return checks;
      }),
    );
  }
  cases.push(
    defineCase('broadcast/binary/scalar-operands', 'binary', 'broadcast', async (ctx) => {
      const x = uniform([2, 3], -3, 3, 173, ctx.dtype);
      const [a, b, c] = await evaluate(ctx, () => [
        pg.add(up(ctx, x), 2.5),
        pg.mul(-1.5, up(ctx, x)),
        pg.sub(up(ctx, x), 1),
      ]);
      return [
        numeric(
          'x + 2.5',
          a,
          x.data.map((v) => v + 2.5),
          ctx.dtype,
          { inputs: [x, [2.5]] },
        ),
        numeric(
          '-1.5 * x',
          b,
          x.data.map((v) => v * -1.5),
          ctx.dtype,
          { inputs: [x] },
        ),
        numeric(
          'x - 1',
          c,
          x.data.map((v) => v - 1),
          ctx.dtype,
          { inputs: [x] },
        ),
      ];
    }),
  );
  for (const op of COMPARE_OPS) {
    cases.push(
      defineCase(`broadcast/compare/${op}`, 'compare', 'broadcast', async (ctx) => {
        const checks = [];
        for (const [sa, sb] of BROADCAST_PAIRS)
          checks.push(await compareCheck(ctx, op, sa, sb, 174, `${op} [${sa.join(',')}]∘[${sb.join(',')}]`));
        return checks;
      }),
    );
  }
  cases.push(
    defineCase('broadcast/select/three-way', 'select', 'broadcast', async (ctx) => {
      const c = integers([2, 1, 4], 0, 2, 175);
      const a = uniform([3, 1], -3, 3, 176, ctx.dtype);
      const b = uniform([], -3, 3, 177, ctx.dtype);
      const [y] = await evaluate(ctx, () => pg.where(up(ctx, c, 'bool'), up(ctx, a), up(ctx, b)));
      return [numeric('where([2,1,4], [3,1], [])', y, ref.select(c, a, b), ctx.dtype)];
    }),
    ...broadcastGradientCases(),
  );
  return cases;
}
