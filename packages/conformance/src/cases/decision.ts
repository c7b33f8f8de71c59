/**
 * Values at and next to decision points, where a comparison decides the
 * result and an off-by-one-ulp condition gives a wrong answer that ordinary
 * inputs (kept away from kinks) never reveal:
 *   - relu and its gradient at 0, −0, just below zero (−1e-3 … −1e-30) and just above;
 *   - abs and sign at ±0;
 *   - max/min reductions with ties, and their gradients: core sends the gradient
 *     of a reduction max/min to every position that attains it, split evenly
 *     (dy / count), like TF.js's reduce-max gradient and PyTorch's amax;
 *   - elementwise maximum/minimum with ties: the whole gradient goes to the
 *     second operand (the seed's Max module routes it to one input; core
 *     documents "ties go to b").
 */
import * as pg from '@polygrad/core';
import { integers, stored, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import { broadcastMap, type NDArray } from '../reference/ndarray.js';
import type { CaseContext, ConformanceCase, FloatDType } from '../types.js';
import { binaryVjp } from './gradients.js';
import { defineCase, evaluate, gradientChecks, numeric, up } from './util.js';

/** Values around relu's kink; in float32 the tiniest negatives round to −0, which is the point. */
function nearZero(dtype: FloatDType): NDArray {
  const special = [
    -1e-3 + 1e-9,
    -9.99e-4,
    -5e-4,
    -1e-4,
    -1e-5,
    -1e-7,
    -1e-12,
    -1e-30,
    -Number.MIN_VALUE,
    -0,
    0,
    Number.MIN_VALUE,
    1e-30,
    1e-12,
    1e-7,
    1e-5,
    1e-4,
    5e-4,
    9.99e-4,
  ];
  const ordinary = uniform([13], -3, 3, 381, dtype).data;
  return { shape: [4, 8], data: stored([...special, ...ordinary], dtype) };
}

/** Rows with exact ties: values on a coarse grid, so every row has repeated maxima and minima. */
function tiedRows(dtype: FloatDType): NDArray {
  const x = integers([5, 6], -2, 2, 382);
  // Make every row tie at its extremes on purpose (two maxima, two minima) besides random ties.
  const data = Array.from(x.data, (v) => v * 0.5);
  for (let r = 0; r < 5; r++) {
    data[r * 6] = 3;
    data[r * 6 + 4 + (r % 2)] = 3;
    data[r * 6 + 1] = -3;
    data[r * 6 + 2 + (r % 2)] = -3;
  }
  return { shape: [5, 6], data: stored(data, dtype) };
}

/** Reference gradient of max/min over `axes`: dy / (number of tied extremes) at every extreme, 0 elsewhere. */
function extremumVjp(op: 'max' | 'min', x: NDArray, axes: readonly number[], dy: NDArray): NDArray {
  const kept = ref.reduce(op, x, axes, true);
  const isExt = broadcastMap([x, kept], (v, m) => (v === m ? 1 : 0));
  const count = ref.reduce('sum', isExt, axes, true);
  const dyKept = { shape: kept.shape, data: dy.data };
  return broadcastMap([isExt, count, dyKept], (e, c, g) => (e ? g / c : 0));
}

const AXES: readonly (readonly number[])[] = [[1], [0], [0, 1]];

function reluChecks(ctx: CaseContext) {
  const x = nearZero(ctx.dtype);
  return gradientChecks(ctx, {
    label: 'relu at 0, −0 and within 1e-3 of zero',
    inputs: [x],
    fn: ([t]) => pg.relu(t),
    forward: ([t]) => ref.unary('relu', t),
    // The kernel contract: relu'(x) = 1 where x > 0, else 0 (0 at x = 0 and −0, as in PyTorch).
    vjp: (dy, [t]) => [broadcastMap([dy, t], (g, v) => (v > 0 ? g : 0))],
    noFiniteDifferences: true,
  });
}

export function decisionCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [
    defineCase('decision/relu/near-zero', 'activationBackward', 'decision', reluChecks),
    defineCase(
      'decision/activationBackward/relu-kernel-near-zero',
      'activationBackward',
      'decision',
      async (ctx) => {
        // The fused kernel called directly (when the backend has one), else core's composition.
        const x = nearZero(ctx.dtype);
        const dy = uniform(x.shape, 0.5, 1.5, 383, ctx.dtype);
        const y = { shape: x.shape, data: ctx.stored(ref.unary('relu', x).data) };
        const expected = broadcastMap([dy, x], (g, v) => (v > 0 ? g : 0));
        const k = ctx.backend.kernels.activationBackward;
        const [viaComposition] = await evaluate(ctx, () =>
          pg.activationGradComposed('relu', up(ctx, dy), up(ctx, x), up(ctx, y)),
        );
        const checks = [numeric('relu backward, core composition', viaComposition, expected, ctx.dtype)];
        if (k) {
          const ts = [up(ctx, x), up(ctx, y), up(ctx, dy)];
          try {
            const h = k({
              op: 'relu',
              x: ts[0]._info('conformance'),
              y: ts[1]._info('conformance'),
              dy: ts[2]._info('conformance'),
              out: { shape: x.shape, dtype: ctx.dtype },
            });
            const b = ctx.backend;
            const v = Float64Array.from(b.readSync ? b.readSync(h) : await b.read(h));
            b.free(h);
            checks.push(numeric('relu backward, fused kernel', v, expected, ctx.dtype));
          } finally {
            pg.dispose(ts);
          }
        }
        return checks;
      },
    ),
    defineCase('decision/unary/abs-sign-at-signed-zero', 'unary', 'decision', (ctx) => {
      const x: NDArray = { shape: [6], data: stored([-0, 0, -1e-30, 1e-30, -2, 2], ctx.dtype) };
      return gradientChecks(ctx, {
        label: 'abs at ±0 (gradient sign(x): 0 at ±0)',
        inputs: [x],
        fn: ([t]) => pg.add(pg.abs(t), pg.sign(t)),
        forward: ([t]) => broadcastMap([t], (v) => ref.unaryFn('abs')(v) + ref.unaryFn('sign')(v)),
        vjp: (dy, [t]) => [broadcastMap([dy, t], (g, v) => g * ref.unaryDerivative('abs')(v))],
        noFiniteDifferences: true,
      });
    }),
  ];
  for (const op of ['max', 'min'] as const) {
    for (const axes of AXES) {
      cases.push(
        defineCase(`decision/reduce/${op}-ties/axes[${axes.join(',')}]`, 'reduce', 'decision', (ctx) =>
          gradientChecks(ctx, {
            label: `${op} over [${axes.join(',')}] with ties (gradient split evenly among them)`,
            inputs: [tiedRows(ctx.dtype)],
            fn: ([t]) => (op === 'max' ? pg.max(t, axes) : pg.min(t, axes)),
            forward: ([t]) => ref.reduce(op, t, axes),
            vjp: (dy, [t]) => [extremumVjp(op, t, axes, dy)],
            k: 6,
            noFiniteDifferences: true,
          }),
        ),
      );
    }
  }
  for (const op of ['maximum', 'minimum'] as const) {
    cases.push(
      defineCase(`decision/binary/${op}-ties`, 'binary', 'decision', (ctx) => {
        const a = integers([4, 6], -2, 2, 384);
        const b = integers([4, 6], -2, 2, 385);
        const half = (x: NDArray): NDArray => ({ shape: x.shape, data: x.data.map((v) => v / 2) });
        return gradientChecks(ctx, {
          label: `${op} with ties (the gradient goes to the second operand)`,
          inputs: [half(a), half(b)],
          fn: ([x, y]) => (op === 'maximum' ? pg.maximum(x, y) : pg.minimum(x, y)),
          forward: ([x, y]) => ref.binary(op, x, y),
          vjp: (dy, [x, y]) => binaryVjp(op, dy, x, y),
          noFiniteDifferences: true,
        });
      }),
    );
  }
  return cases;
}
