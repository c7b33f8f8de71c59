/**
 * Size tier, elementwise: every unary, binary and compare op, select, cast,
 * fill and range on 4847 = 37 × 131 elements (past 4096, odd extents), with
 * broadcasting along either axis, and the gradients of the differentiable ops
 * at that size. Small cases never pass element 256, so a kernel that is wrong
 * past a texture row, a workgroup grid or a SIMD tail would pass them.
 */
import * as pg from '@polygrad/core';
import { BINARY_OPS, COMPARE_OPS, type DType, UNARY_OPS } from '@polygrad/core';
import { integers, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import type { ConformanceCase } from '../types.js';
import { binaryCheck, compareCheck, unaryInput, unaryOp } from './elementwise.js';
import { binaryGradSpec, DIFFERENTIABLE_BINARY, DIFFERENTIABLE_UNARY, unaryGradSpec } from './gradients.js';
import { defineCase, evaluate, gradientChecks, numeric, up } from './util.js';

const ROWS = 37;
const COLS = 131;
const SHAPE = [ROWS, COLS];
const N = ROWS * COLS;

export function sizeElementwiseCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of UNARY_OPS) {
    cases.push(
      defineCase(`size/unary/${op}`, 'unary', 'size', async (ctx) => {
        const inDt: DType = op === 'logicalNot' ? 'bool' : ctx.dtype;
        const outDt: DType = op === 'logicalNot' || op === 'isNaN' || op === 'isFinite' ? 'bool' : ctx.dtype;
        const x = unaryInput(op, SHAPE, 321, inDt);
        const [y] = await evaluate(ctx, () => unaryOp(op)(up(ctx, x, inDt)));
        return [numeric(`${op} of ${N} elements`, y, ref.unary(op, x), outDt, { inputs: [x] })];
      }),
    );
  }
  for (const op of BINARY_OPS) {
    cases.push(
      defineCase(`size/binary/${op}`, 'binary', 'size', async (ctx) => [
        await binaryCheck(ctx, op, SHAPE, SHAPE, 322, `${op} [${SHAPE}]∘[${SHAPE}]`),
        await binaryCheck(ctx, op, SHAPE, [COLS], 323, `${op} [${SHAPE}]∘[${COLS}]`),
        await binaryCheck(ctx, op, [ROWS, 1], [1, COLS], 324, `${op} [${ROWS},1]∘[1,${COLS}]`),
      ]),
    );
  }
  for (const op of COMPARE_OPS) {
    cases.push(
      defineCase(`size/compare/${op}`, 'compare', 'size', async (ctx) => [
        await compareCheck(ctx, op, SHAPE, SHAPE, 325, `${op} [${SHAPE}]∘[${SHAPE}]`),
        await compareCheck(ctx, op, [ROWS, 1], [1, COLS], 326, `${op} [${ROWS},1]∘[1,${COLS}]`),
      ]),
    );
  }
  cases.push(
    defineCase('size/select/where-three-way-broadcast', 'select', 'size', async (ctx) => {
      const c = integers(SHAPE, 0, 2, 327);
      const a = uniform([COLS], -3, 3, 328, ctx.dtype);
      const b = uniform([ROWS, 1], -3, 3, 329, ctx.dtype);
      const [y] = await evaluate(ctx, () => pg.where(up(ctx, c, 'bool'), up(ctx, a), up(ctx, b)));
      return [numeric(`where [${SHAPE}] ? [${COLS}] : [${ROWS},1]`, y, ref.select(c, a, b), ctx.dtype)];
    }),
    defineCase('size/cast/float-int-bool', 'cast', 'size', async (ctx) => {
      const x: NDArray = uniform(SHAPE, -50, 50, 330, ctx.dtype);
      const zeroed: NDArray = { shape: x.shape, data: x.data.map((v, i) => (i % 5 === 0 ? 0 : v)) };
      const ints = integers(SHAPE, -1000, 1000, 331);
      const [i, b, f] = await evaluate(ctx, () => [
        pg.cast(up(ctx, x), 'int32'),
        pg.cast(up(ctx, zeroed), 'bool'),
        pg.cast(up(ctx, ints, 'int32'), ctx.dtype),
      ]);
      return [
        numeric(
          'float to int32',
          i,
          x.data.map((v) => ref.castValue(v, 'int32')),
          'int32',
        ),
        numeric(
          'float to bool',
          b,
          zeroed.data.map((v) => ref.castValue(v, 'bool')),
          'bool',
        ),
        numeric('int32 to float', f, ints, ctx.dtype, { inputs: [ints] }),
      ];
    }),
    defineCase('size/fill-range', 'fill', 'size', async (ctx) => {
      const opts = { dtype: ctx.dtype, backend: ctx.backendName };
      const [f, r] = await evaluate(ctx, () => [pg.full(SHAPE, -0.375, opts), pg.arange(0, N, 1, opts)]);
      return [
        numeric(`full of ${N}`, f, new Float64Array(N).fill(-0.375), ctx.dtype),
        numeric(
          `arange(0, ${N})`,
          r,
          Array.from({ length: N }, (_, i) => i),
          ctx.dtype,
        ),
      ];
    }),
  );
  for (const op of DIFFERENTIABLE_UNARY) {
    cases.push(
      defineCase(
        `size/gradient/unary/${op}`,
        op === 'relu' || op === 'sigmoid' || op === 'tanh' || op === 'softplus'
          ? 'activationBackward'
          : 'unary',
        'size',
        (ctx) => gradientChecks(ctx, { ...unaryGradSpec(op, ctx, SHAPE), noFiniteDifferences: true }),
      ),
    );
  }
  for (const op of DIFFERENTIABLE_BINARY) {
    cases.push(
      defineCase(`size/gradient/binary/${op}`, 'binary', 'size', (ctx) =>
        gradientChecks(ctx, { ...binaryGradSpec(op, ctx, SHAPE, [COLS]), noFiniteDifferences: true }),
      ),
    );
  }
  return cases;
}
