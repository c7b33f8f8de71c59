/**
 * Size tier, reductions: every reduce op over more than 1024 elements along
 * the first, a middle and the last axis and over everything, mean and
 * logsumexp, argmax/argmin along long axes, and gradients of long reductions.
 * Small cases never reduce over more than 64 elements, so a tree or
 * workgroup reduction that is wrong past its first block would pass them.
 */
import * as pg from '@polygrad/core';
import { REDUCE_OPS, type ReduceOp } from '@polygrad/core';
import { distinct, integers, stored, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import { broadcastMap, type NDArray } from '../reference/ndarray.js';
import type { ConformanceCase, FloatDType } from '../types.js';
import { reduceOpFns } from './reduce.js';
import { defineCase, evaluate, gradientChecks, memo, numeric, up } from './util.js';

/** Long-reduction layouts: the reduced extent is 1031 (prime) or 4551 elements. */
export const LONG_LAYOUTS: readonly { name: string; shape: readonly number[]; axes: readonly number[] }[] = [
  { name: 'first-axis', shape: [1031, 7], axes: [0] },
  { name: 'middle-axis', shape: [3, 1031, 5], axes: [1] },
  { name: 'last-axis', shape: [5, 1031], axes: [1] },
  { name: 'all', shape: [37, 41, 3], axes: [0, 1, 2] },
];

const reducedLength = (shape: readonly number[], axes: readonly number[]): number =>
  axes.reduce((n, a) => n * shape[a], 1);

/** Well-conditioned long inputs: prod near 1 (a product of 4551 terms neither over- nor underflows), max/min without ties. */
function longInput(op: ReduceOp, shape: readonly number[], seed: number, dtype: FloatDType): NDArray {
  if (op === 'prod') return uniform(shape, 0.97, 1.03, seed, dtype);
  if (op === 'sum') return uniform(shape, -3, 3, seed, dtype);
  return distinct(shape, seed, dtype);
}

export function sizeReduceCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of REDUCE_OPS) {
    for (const layout of LONG_LAYOUTS) {
      const name = `size/reduce/${op}/${layout.name}`;
      cases.push(
        defineCase(name, 'reduce', 'size', async (ctx) => {
          const x = longInput(op, layout.shape, 311, ctx.dtype);
          const [y] = await evaluate(ctx, () => reduceOpFns[op](up(ctx, x), layout.axes));
          const k = reducedLength(layout.shape, layout.axes);
          const expected = memo(`${name}/${ctx.dtype}`, () => ref.reduce(op, x, layout.axes));
          return [
            numeric(
              `${op} of [${layout.shape.join(',')}] over [${layout.axes.join(',')}]`,
              y,
              expected,
              ctx.dtype,
              {
                k,
                inputs: [x],
              },
            ),
          ];
        }),
      );
    }
  }
  // Same-sign inputs: a constant (a mask, a flat image region) and image pixels k/255, as a
  // normaliser sums them. With equal terms the rounding errors of one float32 accumulator do not
  // cancel: a sequential sum of 120,011 × 0.3 errs by 1.2e-3 relative, 3.7× this check's
  // tolerance (8ε√k = 3.3e-4), while 8 interleaved accumulators err by 4.6e-5. The ±3 inputs
  // above hide that (random rounding errors cancel). 120,011 terms: past any block or pass size.
  cases.push(
    defineCase('size/reduce/sum-mean-same-sign', 'reduce', 'size', async (ctx) => {
      const checks = [];
      const layouts = [
        { name: 'all', shape: [120011], axes: [0] },
        { name: 'last-axis', shape: [3, 40009], axes: [1] },
        { name: 'first-axis', shape: [40009, 3], axes: [0] },
      ];
      for (const layout of layouts) {
        const bytes = integers(layout.shape, 0, 256, 317);
        const inputs = [
          {
            what: 'the constant 0.3',
            x: {
              shape: bytes.shape,
              data: stored(
                bytes.data.map(() => 0.3),
                ctx.dtype,
              ),
            },
          },
          {
            what: 'pixel values k/255',
            x: {
              shape: bytes.shape,
              data: stored(
                bytes.data.map((v) => v / 255),
                ctx.dtype,
              ),
            },
          },
        ];
        for (const [i, { what, x }] of inputs.entries()) {
          const [s, m] = await evaluate(ctx, () => [
            pg.sum(up(ctx, x), layout.axes),
            pg.mean(up(ctx, x), layout.axes),
          ]);
          const k = reducedLength(layout.shape, layout.axes);
          const [es, em] = memo(`size/reduce/sum-mean-same-sign/${layout.name}/${i}/${ctx.dtype}`, () => [
            ref.reduce('sum', x, layout.axes),
            ref.mean(x, layout.axes),
          ]);
          checks.push(
            numeric(`sum of ${k} × ${what}, ${layout.name}`, s, es, ctx.dtype, { k, inputs: [x] }),
            numeric(`mean of ${k} × ${what}, ${layout.name}`, m, em, ctx.dtype, { k, inputs: [x] }),
          );
        }
      }
      return checks;
    }),
  );
  cases.push(
    defineCase('size/reduce/mean-logsumexp', 'reduce', 'size', async (ctx) => {
      const checks = [];
      for (const layout of LONG_LAYOUTS) {
        const x = uniform(layout.shape, -4, 4, 312, ctx.dtype);
        const [m, l] = await evaluate(ctx, () => [
          pg.mean(up(ctx, x), layout.axes),
          pg.logsumexp(up(ctx, x), layout.axes),
        ]);
        const k = reducedLength(layout.shape, layout.axes);
        const key = `size/reduce/mean-logsumexp/${layout.name}/${ctx.dtype}`;
        const [em, el] = memo(key, () => [ref.mean(x, layout.axes), ref.logsumexp(x, layout.axes)]);
        checks.push(
          numeric(`mean, ${layout.name}`, m, em, ctx.dtype, { k, inputs: [x] }),
          numeric(`logsumexp, ${layout.name}`, l, el, ctx.dtype, { k, inputs: [x] }),
        );
      }
      return checks;
    }),
  );
  for (const op of ['argmax', 'argmin'] as const) {
    cases.push(
      defineCase(`size/argReduce/${op}`, 'argReduce', 'size', async (ctx) => {
        const checks = [];
        for (const layout of LONG_LAYOUTS.filter((l) => l.axes.length === 1)) {
          const x = distinct(layout.shape, 313, ctx.dtype);
          const axis = layout.axes[0];
          const [y] = await evaluate(ctx, () =>
            op === 'argmax' ? pg.argmax(up(ctx, x), axis) : pg.argmin(up(ctx, x), axis),
          );
          checks.push(numeric(`${op}, ${layout.name}`, y, ref.argReduce(op, x, axis), 'int32'));
        }
        const flat = distinct([4551], 314, ctx.dtype);
        const [f] = await evaluate(ctx, () =>
          op === 'argmax' ? pg.argmax(up(ctx, flat)) : pg.argmin(up(ctx, flat)),
        );
        checks.push(numeric(`${op} of 4551 elements`, f, ref.argReduce(op, flat, 0), 'int32'));
        return checks;
      }),
    );
  }
  cases.push(
    defineCase('size/gradient/reduce-sum-first-axis', 'reduce', 'size', (ctx) =>
      gradientChecks(ctx, {
        label: 'sum over 1031 rows, gradient',
        inputs: [uniform([1031, 7], -3, 3, 315, ctx.dtype)],
        fn: ([x]) => pg.sum(x, 0),
        forward: ([x]) => ref.reduce('sum', x, [0]),
        vjp: (dy, [x]) => [ref.expand({ shape: [1, 7], data: dy.data }, x.shape)],
        k: 1031,
        noFiniteDifferences: true,
      }),
    ),
    defineCase('size/gradient/reduce-max-middle-axis', 'reduce', 'size', (ctx) =>
      gradientChecks(ctx, {
        label: 'max over a middle axis of 1031 (no ties), gradient',
        inputs: [distinct([3, 1031, 5], 316, ctx.dtype)],
        fn: ([x]) => pg.max(x, 1),
        forward: ([x]) => ref.reduce('max', x, [1]),
        vjp: (dy, [x]) => {
          const m = ref.reduce('max', x, [1], true);
          return [
            broadcastMap([x, m, { shape: [3, 1, 5], data: dy.data }], (v, mv, g) => (v === mv ? g : 0)),
          ];
        },
        k: 1031,
        noFiniteDifferences: true,
      }),
    ),
  );
  return cases;
}
