/** Matmul: plain, vector operands, and all four transpose flag combinations with broadcast batches. */
import * as pg from '@polygrad/core';
import { uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { ConformanceCase } from '../types.js';
import { defineCase, evaluate, gradientChecks, numeric, up } from './util.js';

/** Physical operand shape for logical [..., r, c] when read transposed. */
const phys = (batch: readonly number[], r: number, c: number, t: boolean): number[] =>
  t ? [...batch, c, r] : [...batch, r, c];

const FLAGS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

export function matmulCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [
    defineCase('forward/matmul/2d', 'matmul', 'forward', async (ctx) => {
      const a = uniform([4, 7], -2, 2, 71, ctx.dtype);
      const b = uniform([7, 3], -2, 2, 72, ctx.dtype);
      const [y] = await evaluate(ctx, () => pg.matmul(up(ctx, a), up(ctx, b)));
      return [numeric('[4,7]·[7,3]', y, ref.matmul(a, b), ctx.dtype, { k: 7, inputs: [a, b] })];
    }),
    defineCase('forward/matmul/vectors', 'matmul', 'forward', async (ctx) => {
      const v = uniform([5], -2, 2, 73, ctx.dtype);
      const m = uniform([5, 3], -2, 2, 74, ctx.dtype);
      const mt = uniform([3, 5], -2, 2, 75, ctx.dtype);
      const [vm, mv, vv] = await evaluate(ctx, () => [
        pg.matmul(up(ctx, v), up(ctx, m)),
        pg.matmul(up(ctx, mt), up(ctx, v)),
        pg.matmul(up(ctx, v), up(ctx, v)),
      ]);
      return [
        numeric('[5]·[5,3]', vm, ref.matmul(v, m), ctx.dtype, { k: 5, inputs: [v, m] }),
        numeric('[3,5]·[5]', mv, ref.matmul(mt, v), ctx.dtype, { k: 5, inputs: [v, mt] }),
        numeric('[5]·[5]', vv, ref.matmul(v, v), ctx.dtype, { k: 5, inputs: [v] }),
      ];
    }),
    defineCase('forward/matmul/large-k', 'matmul', 'forward', async (ctx) => {
      const a = uniform([8, 256], -1, 1, 76, ctx.dtype);
      const b = uniform([256, 6], -1, 1, 77, ctx.dtype);
      const [y] = await evaluate(ctx, () => pg.matmul(up(ctx, a), up(ctx, b)));
      return [numeric('[8,256]·[256,6]', y, ref.matmul(a, b), ctx.dtype, { k: 256, inputs: [a, b] })];
    }),
  ];
  for (const [tA, tB] of FLAGS) {
    const tag = `${tA ? 'aT' : 'a'}-${tB ? 'bT' : 'b'}`;
    cases.push(
      defineCase(`transposed/matmul/${tag}/2d`, 'matmul', 'transposed', async (ctx) => {
        const a = uniform(phys([], 4, 6, tA), -2, 2, 81, ctx.dtype);
        const b = uniform(phys([], 6, 5, tB), -2, 2, 82, ctx.dtype);
        const [y] = await evaluate(ctx, () =>
          pg.matmul(up(ctx, a), up(ctx, b), { transposeA: tA, transposeB: tB }),
        );
        return [
          numeric(`${tag} [4,6]·[6,5]`, y, ref.matmul(a, b, tA, tB), ctx.dtype, { k: 6, inputs: [a, b] }),
        ];
      }),
      defineCase(`transposed/matmul/${tag}/batched-broadcast`, 'matmul', 'transposed', async (ctx) => {
        const a = uniform(phys([2, 1], 3, 4, tA), -2, 2, 83, ctx.dtype);
        const b = uniform(phys([3], 4, 5, tB), -2, 2, 84, ctx.dtype);
        const c = uniform(phys([], 4, 2, tB), -2, 2, 85, ctx.dtype);
        const [y, z] = await evaluate(ctx, () => [
          pg.matmul(up(ctx, a), up(ctx, b), { transposeA: tA, transposeB: tB }),
          pg.matmul(up(ctx, a), up(ctx, c), { transposeA: tA, transposeB: tB }),
        ]);
        return [
          numeric(`${tag} batch [2,1]×[3]`, y, ref.matmul(a, b, tA, tB), ctx.dtype, { k: 4, inputs: [a, b] }),
          numeric(`${tag} batch [2,1]×unbatched`, z, ref.matmul(a, c, tA, tB), ctx.dtype, {
            k: 4,
            inputs: [a, c],
          }),
        ];
      }),
      defineCase(`transposed/matmul/${tag}/gradient`, 'matmul', 'transposed', (ctx) =>
        gradientChecks(ctx, {
          label: `matmul ${tag}`,
          inputs: [
            uniform(phys([2], 3, 4, tA), -2, 2, 86, ctx.dtype),
            uniform(phys([], 4, 5, tB), -2, 2, 87, ctx.dtype),
          ],
          fn: ([a, b]) => pg.matmul(a, b, { transposeA: tA, transposeB: tB }),
          forward: ([a, b]) => ref.matmul(a, b, tA, tB),
          vjp: (dy, [a, b]) => {
            // y = op(a)·op(b): d op(a) = dy·op(b)ᵀ, d op(b) = op(a)ᵀ·dy; undo op, then sum b's broadcast batch.
            const opA = tA ? ref.transposeLast2(a) : a;
            const opB = tB ? ref.transposeLast2(b) : b;
            const dOpA = ref.matmul(dy, opB, false, true);
            const dOpB = ref.sumTo(ref.matmul(opA, dy, true, false), opB.shape);
            return [tA ? ref.transposeLast2(dOpA) : dOpA, tB ? ref.transposeLast2(dOpB) : dOpB];
          },
          k: 5,
        }),
      ),
    );
  }
  return cases;
}
