/** Forward cases for reductions (sum/prod/max/min, mean, logsumexp) and argmax/argmin. */
import * as pg from '@polygrad/core';
import { REDUCE_OPS, type ReduceOp, type Tensor } from '@polygrad/core';
import { distinct, integers, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import type { ConformanceCase } from '../types.js';
import { defineCase, evaluate, numeric, up } from './util.js';

export const reduceOpFns: Record<
  ReduceOp,
  (x: Tensor, axes?: number | readonly number[], keepdims?: boolean) => Tensor
> = {
  sum: pg.sum,
  prod: pg.prod,
  max: pg.max,
  min: pg.min,
};

/** Values a reduction stays well-conditioned on (prod near 1 so it neither under- nor overflows). */
export function reduceInput(
  op: ReduceOp,
  shape: readonly number[],
  seed: number,
  dtype: 'float32' | 'float64',
): NDArray {
  return op === 'prod'
    ? uniform(shape, 0.6, 1.5, seed, dtype)
    : op === 'sum'
      ? uniform(shape, -3, 3, seed, dtype)
      : distinct(shape, seed, dtype);
}

const SHAPE = [3, 4, 5];
const ARG_REDUCE = { argmax: pg.argmax, argmin: pg.argmin } as const;
const AXES: readonly (readonly number[])[] = [[1], [0, 2], [0, 1, 2], []];

export function reduceCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of REDUCE_OPS) {
    for (const axes of AXES) {
      for (const keepdims of [false, true]) {
        if (axes.length === 0 && keepdims) continue;
        cases.push(
          defineCase(
            `forward/reduce/${op}/axes[${axes.join(',')}]${keepdims ? '/keepdims' : ''}`,
            'reduce',
            'forward',
            async (ctx) => {
              const x = reduceInput(op, SHAPE, 61, ctx.dtype);
              const [y] = await evaluate(ctx, () => reduceOpFns[op](up(ctx, x), axes, keepdims));
              const k = axes.reduce((n, a) => n * SHAPE[a], 1);
              return [
                numeric(`${op} over [${axes.join(',')}]`, y, ref.reduce(op, x, axes, keepdims), ctx.dtype, {
                  k,
                  inputs: [x],
                }),
              ];
            },
          ),
        );
      }
    }
  }
  cases.push(
    defineCase('forward/reduce/mean', 'reduce', 'forward', async (ctx) => {
      const x = uniform(SHAPE, -3, 3, 62, ctx.dtype);
      const [a, b] = await evaluate(ctx, () => [pg.mean(up(ctx, x)), pg.mean(up(ctx, x), [0, 2], true)]);
      return [
        numeric('mean of all', a, ref.mean(x, [0, 1, 2]), ctx.dtype, { k: 60, inputs: [x] }),
        numeric('mean over [0,2] keepdims', b, ref.mean(x, [0, 2], true), ctx.dtype, { k: 15, inputs: [x] }),
      ];
    }),
    defineCase('forward/reduce/logsumexp', 'reduce', 'forward', async (ctx) => {
      const x = uniform(SHAPE, -5, 5, 63, ctx.dtype);
      const [a, b] = await evaluate(ctx, () => [
        pg.logsumexp(up(ctx, x), 2),
        pg.logsumexp(up(ctx, x), [0, 1], true),
      ]);
      return [
        numeric('logsumexp over 2', a, ref.logsumexp(x, [2]), ctx.dtype, { k: 5, inputs: [x] }),
        numeric('logsumexp over [0,1] keepdims', b, ref.logsumexp(x, [0, 1], true), ctx.dtype, {
          k: 12,
          inputs: [x],
        }),
      ];
    }),
  );
  for (const op of ['argmax', 'argmin'] as const) {
    for (const axis of [0, 1, 2]) {
      cases.push(
        defineCase(`forward/argReduce/${op}/axis${axis}`, 'argReduce', 'forward', async (ctx) => {
          const x = distinct(SHAPE, 64 + axis, ctx.dtype);
          const [y] = await evaluate(ctx, () => ARG_REDUCE[op](up(ctx, x), axis));
          return [numeric(`${op} axis ${axis}`, y, ref.argReduce(op, x, axis), 'int32')];
        }),
      );
    }
    cases.push(
      defineCase(`forward/argReduce/${op}/ties-first-wins`, 'argReduce', 'forward', async (ctx) => {
        const x = integers([4, 6], 0, 3, 67);
        const [y, flat] = await evaluate(ctx, () => [
          ARG_REDUCE[op](up(ctx, x), 1),
          ARG_REDUCE[op](up(ctx, x)),
        ]);
        return [
          numeric(`${op} with ties (first index)`, y, ref.argReduce(op, x, 1), 'int32'),
          numeric(
            `${op} of the flattened tensor`,
            flat,
            ref.argReduce(op, { shape: [24], data: x.data }, 0),
            'int32',
          ),
        ];
      }),
    );
  }
  return cases;
}
