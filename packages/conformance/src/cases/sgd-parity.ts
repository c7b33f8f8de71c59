/**
 * SGD with momentum and dampening matches PyTorch from the first step: the
 * velocity starts as the undampened gradient (v = g on step 1), then
 * v ← μ·v + (1 − d)·g. Checked through the optimizer and through the op with
 * `firstStep` (which must ignore whatever the velocity buffer holds), on the
 * backend's fused kernel or core's composition.
 */
import * as pg from '@polygrad/core';
import type { CaseContext, Check, ConformanceCase } from '../types.js';
import { defineCase, numeric } from './util.js';

const W0 = [1, -2, 3];
const GRADS = [
  [0.5, 0.5, -1],
  [-0.25, 1, 2],
];

/** PyTorch's SGD (momentum 0.9, dampening 0.5, lr 0.1), in float64 on the stored values. */
function pytorchSteps(ctx: CaseContext): Float64Array[] {
  let w = ctx.stored(W0);
  let v: Float64Array | null = null;
  return GRADS.map((g0) => {
    const g = ctx.stored(g0);
    v = v === null ? Float64Array.from(g) : ctx.stored(v.map((vi, i) => 0.9 * vi + 0.5 * g[i]));
    const vel = v;
    w = ctx.stored(w.map((wi, i) => wi - 0.1 * vel[i]));
    return w;
  });
}

async function throughOptimizer(ctx: CaseContext): Promise<Check[]> {
  const w = ctx.tensor(W0, [3]);
  w.requiresGrad = true;
  const opt = new pg.optim.SGD([w], { lr: 0.1, momentum: 0.9, dampening: 0.5 });
  const expected = pytorchSteps(ctx);
  const checks: Check[] = [];
  try {
    for (const [k, g] of GRADS.entries()) {
      w.grad?.dispose();
      w.grad = ctx.tensor(g, [3]);
      opt.step();
      checks.push(numeric(`SGD step ${k + 1} (PyTorch values)`, await ctx.read(w), expected[k], ctx.dtype));
    }
  } finally {
    opt.dispose();
    w.zeroGrad();
    w.dispose();
  }
  return checks;
}

async function throughOp(ctx: CaseContext): Promise<Check[]> {
  const w = ctx.tensor(W0, [3]);
  const g = ctx.tensor(GRADS[0], [3]);
  // Garbage in the buffer: on the first step the velocity is the gradient, whatever it held.
  const v = ctx.tensor([7, -7, 7], [3]);
  try {
    pg.sgdUpdate(w, g, v, { lr: 0.1, momentum: 0.9, dampening: 0.5, firstStep: true });
    return [
      numeric('velocity after the first step is g', await ctx.read(v), ctx.stored(GRADS[0]), ctx.dtype),
      numeric('param after the first step is w − lr·g', await ctx.read(w), pytorchSteps(ctx)[0], ctx.dtype),
    ];
  } finally {
    pg.dispose([w, g, v]);
  }
}

export function sgdParityCases(): ConformanceCase[] {
  return [
    defineCase('forward/sgdUpdate/pytorch-dampening-optimizer', 'sgdUpdate', 'forward', throughOptimizer),
    defineCase('forward/sgdUpdate/pytorch-dampening-first-step', 'sgdUpdate', 'forward', throughOp),
  ];
}
