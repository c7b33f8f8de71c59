/**
 * Size tier, matmul and linear: M, N and K all above 64 and no multiple of a
 * common tile (4, 8, 16, 32, 64), every transpose combination, broadcast
 * batches, and the shapes of a batch-128 784-256-10 MLP with their backward
 * products. Small cases never reach a blocked or tiled path (the CPU backend's
 * blocked GEMM starts at M·N·K > 16384).
 */
import * as pg from '@polygrad/core';
import { uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { ConformanceCase } from '../types.js';
import { defineCase, evaluate, gradientChecks, memo, numeric, up } from './util.js';

/** Physical operand shape for logical [..., r, c] when read transposed. */
const phys = (batch: readonly number[], r: number, c: number, t: boolean): number[] =>
  t ? [...batch, c, r] : [...batch, r, c];

const FLAGS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

/** M × K × N of the 2-D products: 131 and 67 are prime, 517 = 11·47. */
const [M, K, N] = [131, 517, 67];
/** The broadcast-batch products: [2, 1] × [3] batches of 67 × 129 × 71. */
const [BM, BK, BN] = [67, 129, 71];

export function sizeMatmulCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const [tA, tB] of FLAGS) {
    const tag = `${tA ? 'aT' : 'a'}-${tB ? 'bT' : 'b'}`;
    cases.push(
      defineCase(`size/matmul/${M}x${K}x${N}/${tag}`, 'matmul', 'size', async (ctx) => {
        const a = uniform(phys([], M, K, tA), -1, 1, 301, ctx.dtype);
        const b = uniform(phys([], K, N, tB), -1, 1, 302, ctx.dtype);
        const [y] = await evaluate(ctx, () =>
          pg.matmul(up(ctx, a), up(ctx, b), { transposeA: tA, transposeB: tB }),
        );
        const expected = memo(`size/matmul/2d/${tag}/${ctx.dtype}`, () => ref.matmul(a, b, tA, tB));
        return [numeric(`${tag} [${M},${K}]·[${K},${N}]`, y, expected, ctx.dtype, { k: K, inputs: [a, b] })];
      }),
      defineCase(`size/matmul/batched-broadcast/${tag}`, 'matmul', 'size', async (ctx) => {
        const a = uniform(phys([2, 1], BM, BK, tA), -1, 1, 303, ctx.dtype);
        const b = uniform(phys([3], BK, BN, tB), -1, 1, 304, ctx.dtype);
        const [y] = await evaluate(ctx, () =>
          pg.matmul(up(ctx, a), up(ctx, b), { transposeA: tA, transposeB: tB }),
        );
        const expected = memo(`size/matmul/batched/${tag}/${ctx.dtype}`, () => ref.matmul(a, b, tA, tB));
        return [
          numeric(`${tag} batch [2,1]×[3] of [${BM},${BK}]·[${BK},${BN}]`, y, expected, ctx.dtype, {
            k: BK,
            inputs: [a, b],
          }),
        ];
      }),
    );
  }
  // A batch-128 MLP layer: y = x·Wᵀ + b forward (fused linear or matmul with transposeB),
  // dX = dY·W and dW = dYᵀ·X backward (matmul, transposeA), db = Σ rows of dY.
  for (const [inF, outF] of [
    [784, 256],
    [256, 10],
  ] as const) {
    const batch = 128;
    const key = `size/linear/${batch}x${inF}x${outF}`;
    cases.push(
      defineCase(key, 'linear', 'size', (ctx) =>
        gradientChecks(ctx, {
          label: `linear [${batch},${inF}]·[${outF},${inF}]ᵀ + b and its backward`,
          inputs: [
            uniform([batch, inF], -1, 1, 305, ctx.dtype),
            uniform([outF, inF], -1, 1, 306, ctx.dtype),
            uniform([outF], -1, 1, 307, ctx.dtype),
          ],
          fn: ([x, w, b]) => pg.linear(x, w, b),
          forward: ([x, w, b]) => memo(`${key}/forward/${ctx.dtype}`, () => ref.linear(x, w, b)),
          vjp: (dy, [x, w]) =>
            memo(`${key}/vjp/${ctx.dtype}`, () => [
              ref.matmul(dy, w),
              ref.matmul(dy, x, true, false),
              ref.reduce('sum', dy, [0]),
            ]),
          // Accumulation lengths: forward K = inF; dX = dY·W: K = outF; dW = dYᵀ·X and db: K = batch.
          k: inF,
          gradK: [outF, batch, batch],
          noFiniteDifferences: true,
        }),
      ),
    );
  }
  return cases;
}
