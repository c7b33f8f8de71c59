/** Seeded random kernels and dropout vs core's counter-based reference (same seed → same numbers everywhere). */
import * as pg from '@polygrad/core';
import { dropoutMaskReference, randomReference } from '@polygrad/core';
import { uniform } from '../data.js';
import type { ConformanceCase } from '../types.js';
import { bool, defineCase, evaluate, numeric, up } from './util.js';

const N = 64;
const idx = Array.from({ length: N }, (_, i) => i);

export function randomCases(): ConformanceCase[] {
  return [
    defineCase('random/uniform', 'random', 'random', async (ctx) => {
      const [u] = await evaluate(ctx, () =>
        pg.rand([8, 8], { seed: 1234, low: -2, high: 3, dtype: ctx.dtype, backend: ctx.backendName }),
      );
      return [
        numeric(
          'rand seed 1234 in [-2, 3)',
          u,
          idx.map((i) => randomReference('uniform', 1234, -2, 3, i)),
          ctx.dtype,
          { inputs: [[-2, 3]] },
        ),
      ];
    }),
    defineCase('random/normal', 'random', 'random', async (ctx) => {
      const [z] = await evaluate(ctx, () =>
        pg.randn([N], { seed: 99, mean: 1, std: 2, dtype: ctx.dtype, backend: ctx.backendName }),
      );
      // Box–Muller: cos(2πu)·r — rounding of the angle (≤ 2π) is scaled by the radius.
      const radius = idx.map((i) => 2 * Math.PI * 2 * Math.sqrt(-2 * Math.log(1 - pg.uniform01(99, 2 * i))));
      return [
        numeric(
          'randn seed 99 mean 1 std 2',
          z,
          idx.map((i) => randomReference('normal', 99, 1, 2, i)),
          ctx.dtype,
          { k: 2, inputs: [radius] },
        ),
      ];
    }),
    defineCase('random/bernoulli', 'random', 'random', async (ctx) => {
      const [b] = await evaluate(ctx, () =>
        pg.bernoulli([N], 0.3, { seed: 7, dtype: ctx.dtype, backend: ctx.backendName }),
      );
      return [
        numeric(
          'bernoulli(0.3) seed 7',
          b,
          idx.map((i) => randomReference('bernoulli', 7, 0.3, 0, i)),
          ctx.dtype,
        ),
      ];
    }),
    defineCase('random/randint-and-global-seed', 'random', 'random', async (ctx) => {
      const [a, b] = await evaluate(ctx, () => {
        pg.manualSeed(42);
        const x = pg.randint(0, 10, [20], { backend: ctx.backendName });
        pg.manualSeed(42);
        return [x, pg.randint(0, 10, [20], { backend: ctx.backendName })];
      });
      const inRange = [...a].every((v) => Number.isInteger(v) && v >= 0 && v < 10);
      return [
        numeric('manualSeed makes draws repeat', a, b, 'int32'),
        bool('randint in [0, 10)', inRange, `got ${[...a].join(', ')}`),
      ];
    }),
    defineCase('random/dropout', 'dropout', 'random', async (ctx) => {
      const x = uniform([N], -2, 2, 271, ctx.dtype);
      const p = 0.25;
      const [y] = await evaluate(ctx, () => pg.dropout(up(ctx, x), p, { seed: 5 }));
      const expected = idx.map((i) => x.data[i] * dropoutMaskReference(5, p, i));
      const checks = [
        numeric('dropout(p=0.25, seed 5) = x·mask', y, expected, ctx.dtype, { k: 2, inputs: [x] }),
      ];
      const k = ctx.backend.kernels.dropout;
      if (k) {
        const t = up(ctx, x);
        try {
          const [hy, hm] = k({ x: t._info('dropout'), p, seed: 5, out: { shape: [N], dtype: ctx.dtype } });
          const read = async (h: typeof hy) => {
            const v = Float64Array.from(
              ctx.backend.readSync ? ctx.backend.readSync(h) : await ctx.backend.read(h),
            );
            ctx.backend.free(h);
            return v;
          };
          const [ky, km] = [await read(hy), await read(hm)];
          const [compMask] = await evaluate(ctx, () => pg.dropoutMaskComposed(t, p, 5));
          const refMask = idx.map((i) => dropoutMaskReference(5, p, i));
          checks.push(
            numeric('fused dropout kernel output', ky, expected, ctx.dtype, { k: 2, inputs: [x] }),
            numeric('fused dropout mask vs reference', km, refMask, ctx.dtype),
            numeric('fused dropout mask vs core composition', km, compMask, ctx.dtype),
          );
        } finally {
          t.dispose();
        }
      }
      return checks;
    }),
    defineCase('random/dropout-gradient', 'dropout', 'gradient', async (ctx) => {
      const x = uniform([N], -2, 2, 272, ctx.dtype);
      const [g] = await evaluate(ctx, () => {
        const t = up(ctx, x);
        t.requiresGrad = true;
        pg.sum(pg.dropout(t, 0.5, { seed: 11 })).backward();
        const grad = t.grad ?? pg.zerosLike(t);
        t.grad = null;
        return grad;
      });
      return [
        numeric(
          'd dropout / dx = mask',
          g,
          idx.map((i) => dropoutMaskReference(11, 0.5, i)),
          ctx.dtype,
        ),
      ];
    }),
  ];
}
