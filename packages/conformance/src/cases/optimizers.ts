/** In-place optimizer updates (fused sgdUpdate/adamUpdate or core's composition) vs the kernel-table formulas. */
import * as pg from '@polygrad/core';
import { uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { Check, ConformanceCase } from '../types.js';
import { defineCase, numeric, up } from './util.js';

const SGD_CONFIGS: readonly (ref.SgdConfig & { name: string })[] = [
  { name: 'plain', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, l1: 0 },
  {
    name: 'momentum-l2-l1',
    lr: 0.05,
    momentum: 0.9,
    dampening: 0.1,
    nesterov: false,
    weightDecay: 0.01,
    l1: 0.001,
  },
  { name: 'nesterov', lr: 0.05, momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.02, l1: 0 },
];

const ADAM_CONFIGS: readonly (Omit<ref.AdamConfig, 'step'> & { name: string })[] = [
  { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false },
  { name: 'adam-l2', lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.05, decoupled: false },
  { name: 'adamw', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, decoupled: true },
];

export function optimizerCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const c of SGD_CONFIGS) {
    cases.push(
      defineCase(`forward/sgdUpdate/${c.name}`, 'sgdUpdate', 'forward', async (ctx) => {
        let p = uniform([3, 4], -2, 2, 231, ctx.dtype).data;
        let v: Float64Array | null = c.momentum > 0 ? new Float64Array(12) : null;
        const param = ctx.tensor(p, [3, 4]);
        const vel = v ? ctx.tensor(v, [3, 4]) : null;
        const checks: Check[] = [];
        try {
          for (let step = 1; step <= 3; step++) {
            const g = uniform([3, 4], -1, 1, 240 + step, ctx.dtype);
            const gt = up(ctx, g);
            const { name: _name, ...options } = c;
            pg.sgdUpdate(param, gt, vel, options);
            gt.dispose();
            const r = ref.sgdStep(p, g.data, v, c);
            // The reference continues from the stored state, like the backend.
            p = ctx.stored(r.param);
            v = r.velocity ? ctx.stored(r.velocity) : null;
            checks.push(
              numeric(`sgd ${c.name} step ${step} param`, await ctx.read(param), r.param, ctx.dtype, {
                inputs: [p, g],
              }),
            );
            if (vel && r.velocity)
              checks.push(
                numeric(`sgd ${c.name} step ${step} velocity`, await ctx.read(vel), r.velocity, ctx.dtype, {
                  inputs: [r.velocity, g],
                }),
              );
          }
        } finally {
          param.dispose();
          vel?.dispose();
        }
        return checks;
      }),
    );
  }
  for (const c of ADAM_CONFIGS) {
    cases.push(
      defineCase(`forward/adamUpdate/${c.name}`, 'adamUpdate', 'forward', async (ctx) => {
        let p = uniform([3, 4], -2, 2, 251, ctx.dtype).data;
        let m: Float64Array = new Float64Array(12);
        let v: Float64Array = new Float64Array(12);
        const [pt, mt, vt] = [ctx.tensor(p, [3, 4]), ctx.tensor(m, [3, 4]), ctx.tensor(v, [3, 4])];
        const checks: Check[] = [];
        try {
          for (let step = 1; step <= 3; step++) {
            const g = uniform([3, 4], -1, 1, 260 + step, ctx.dtype);
            const gt = up(ctx, g);
            const { name: _name, ...options } = c;
            pg.adamUpdate(pt, gt, mt, vt, { ...options, step });
            gt.dispose();
            const r = ref.adamStep(p, g.data, m, v, { ...c, step });
            p = ctx.stored(r.param);
            m = ctx.stored(r.m);
            v = ctx.stored(r.v);
            // The update's size is ~lr: rounding of m/sqrt(v) is relative to that step, so the inputs include lr-scaled terms.
            checks.push(
              numeric(`${c.name} step ${step} param`, await ctx.read(pt), r.param, ctx.dtype, {
                k: 2,
                inputs: [p, g],
              }),
              numeric(`${c.name} step ${step} m`, await ctx.read(mt), r.m, ctx.dtype, { inputs: [r.m, g] }),
              numeric(`${c.name} step ${step} v`, await ctx.read(vt), r.v, ctx.dtype, { inputs: [r.v, g] }),
            );
          }
        } finally {
          pg.dispose([pt, mt, vt]);
        }
        return checks;
      }),
    );
  }
  return cases;
}
