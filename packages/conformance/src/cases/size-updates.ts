/**
 * Size tier, kernels that write one value per element from per-element state:
 * seeded random numbers, dropout and the optimizer updates, on 4847 elements
 * (past 4096, odd extents), against core's counter-based reference and the
 * kernel-table formulas.
 */
import * as pg from '@polygrad/core';
import { dropoutMaskReference, randomReference } from '@polygrad/core';
import { uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { Check, ConformanceCase } from '../types.js';
import { defineCase, evaluate, numeric, up } from './util.js';

const SHAPE = [37, 131];
const N = 37 * 131;
const idx = Array.from({ length: N }, (_, i) => i);

export function sizeUpdateCases(): ConformanceCase[] {
  return [
    defineCase('size/random/uniform-normal-bernoulli', 'random', 'size', async (ctx) => {
      const opts = { dtype: ctx.dtype, backend: ctx.backendName };
      const [u, z, b] = await evaluate(ctx, () => [
        pg.rand(SHAPE, { seed: 4321, low: -2, high: 3, ...opts }),
        pg.randn(SHAPE, { seed: 98, mean: 1, std: 2, ...opts }),
        pg.bernoulli(SHAPE, 0.3, { seed: 6, ...opts }),
      ]);
      // Box–Muller: cos(2πu)·r — rounding of the angle (≤ 2π) is scaled by the radius.
      const radius = idx.map((i) => 2 * Math.PI * 2 * Math.sqrt(-2 * Math.log(1 - pg.uniform01(98, 2 * i))));
      return [
        numeric(
          `rand of ${N}`,
          u,
          idx.map((i) => randomReference('uniform', 4321, -2, 3, i)),
          ctx.dtype,
          { inputs: [[-2, 3]] },
        ),
        numeric(
          `randn of ${N}`,
          z,
          idx.map((i) => randomReference('normal', 98, 1, 2, i)),
          ctx.dtype,
          { k: 2, inputs: [radius] },
        ),
        numeric(
          `bernoulli(0.3) of ${N}`,
          b,
          idx.map((i) => randomReference('bernoulli', 6, 0.3, 0, i)),
          ctx.dtype,
        ),
      ];
    }),
    defineCase('size/dropout/forward-and-gradient', 'dropout', 'size', async (ctx) => {
      const x = uniform(SHAPE, -2, 2, 371, ctx.dtype);
      const [y, g] = await evaluate(ctx, () => {
        const t = up(ctx, x);
        t.requiresGrad = true;
        const out = pg.dropout(t, 0.25, { seed: 17 });
        pg.sum(out).backward();
        const grad = t.grad ?? pg.zerosLike(t);
        t.grad = null;
        return [out, grad];
      });
      const mask = idx.map((i) => dropoutMaskReference(17, 0.25, i));
      return [
        numeric(
          `dropout(p=0.25) of ${N}`,
          y,
          idx.map((i) => x.data[i] * mask[i]),
          ctx.dtype,
          { k: 2, inputs: [x] },
        ),
        numeric(`d dropout / dx = mask, ${N} elements`, g, mask, ctx.dtype),
      ];
    }),
    defineCase('size/sgdUpdate/momentum-l2', 'sgdUpdate', 'size', async (ctx) => {
      const c = { lr: 0.05, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0.01, l1: 0 };
      const p0 = uniform(SHAPE, -2, 2, 372, ctx.dtype);
      const v0 = uniform(SHAPE, -1, 1, 373, ctx.dtype);
      const g = uniform(SHAPE, -1, 1, 374, ctx.dtype);
      const [param, vel, grad] = [up(ctx, p0), up(ctx, v0), up(ctx, g)];
      try {
        pg.sgdUpdate(param, grad, vel, c);
        const r = ref.sgdStep(p0.data, g.data, v0.data, c);
        return [
          numeric(`sgd momentum step of ${N}: param`, await ctx.read(param), r.param, ctx.dtype, {
            inputs: [p0, v0, g],
          }),
          numeric(`sgd momentum step of ${N}: velocity`, await ctx.read(vel), r.velocity ?? [], ctx.dtype, {
            inputs: [p0, v0, g],
          }),
        ];
      } finally {
        pg.dispose([param, vel, grad]);
      }
    }),
    defineCase('size/adamUpdate/step-3', 'adamUpdate', 'size', async (ctx) => {
      const c = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 3 };
      const p0 = uniform(SHAPE, -2, 2, 375, ctx.dtype);
      const m0 = uniform(SHAPE, -0.1, 0.1, 376, ctx.dtype);
      const v0 = uniform(SHAPE, 0.001, 0.01, 377, ctx.dtype);
      const g = uniform(SHAPE, -1, 1, 378, ctx.dtype);
      const ts = [up(ctx, p0), up(ctx, g), up(ctx, m0), up(ctx, v0)];
      const checks: Check[] = [];
      try {
        pg.adamUpdate(ts[0], ts[1], ts[2], ts[3], c);
        const r = ref.adamStep(p0.data, g.data, m0.data, v0.data, c);
        checks.push(
          numeric(`adam step of ${N}: param`, await ctx.read(ts[0]), r.param, ctx.dtype, {
            k: 2,
            inputs: [p0, g],
          }),
          numeric(`adam step of ${N}: m`, await ctx.read(ts[2]), r.m, ctx.dtype, { inputs: [m0, g] }),
          numeric(`adam step of ${N}: v`, await ctx.read(ts[3]), r.v, ctx.dtype, { inputs: [v0, g] }),
        );
        return checks;
      } finally {
        pg.dispose(ts);
      }
    }),
  ];
}
