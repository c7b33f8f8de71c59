/** Forward cases for unary, binary, compare, select, cast, fill and range. */
import * as pg from '@polygrad/core';
import { BINARY_OPS, COMPARE_OPS, type DType, type Tensor, UNARY_OPS, type UnaryOp } from '@polygrad/core';
import { integers, stored, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import type { CaseContext, ConformanceCase } from '../types.js';
import { defineCase, evaluate, numeric, up } from './util.js';

const SHAPE = [3, 4];

/** Inputs inside each unary op's domain (and away from its singularities). */
export function unaryInput(op: UnaryOp, shape: readonly number[], seed: number, dtype: DType): NDArray {
  switch (op) {
    case 'log':
    case 'sqrt':
    case 'rsqrt':
      return uniform(shape, 0.1, 4, seed, dtype);
    case 'log1p':
      return uniform(shape, -0.9, 3, seed, dtype);
    case 'reciprocal':
      return uniform(shape, -3, 3, seed, dtype, 0.2);
    case 'round': {
      const x = integers(shape, -10, 10, seed);
      return {
        shape: x.shape,
        data: stored(
          x.data.map((v, i) => (i % 3 === 0 ? v / 2 : v / 3 + 0.01)),
          dtype,
        ),
      };
    }
    case 'sign': {
      const x = uniform(shape, -3, 3, seed, dtype);
      return { shape: x.shape, data: x.data.map((v, i) => (i % 4 === 0 ? 0 : v)) };
    }
    case 'logicalNot':
      return integers(shape, 0, 2, seed);
    case 'isNaN':
    case 'isFinite': {
      const x = uniform(shape, -3, 3, seed, dtype);
      const special = [NaN, Infinity, -Infinity, 0];
      return { shape: x.shape, data: x.data.map((v, i) => (i % 3 === 0 ? special[(i / 3) % 4] : v)) };
    }
    case 'floor':
    case 'ceil':
      return uniform(shape, -5, 5, seed, dtype);
    default:
      return uniform(shape, -3, 3, seed, dtype, op === 'abs' || op === 'relu' ? 0.05 : 0);
  }
}

export function unaryOp(op: UnaryOp): (x: Tensor) => Tensor {
  switch (op) {
    case 'neg':
      return pg.neg;
    case 'abs':
      return pg.abs;
    case 'sign':
      return pg.sign;
    case 'exp':
      return pg.exp;
    case 'log':
      return pg.log;
    case 'sqrt':
      return pg.sqrt;
    case 'rsqrt':
      return pg.rsqrt;
    case 'square':
      return pg.square;
    case 'reciprocal':
      return pg.reciprocal;
    case 'relu':
      return pg.relu;
    case 'sigmoid':
      return pg.sigmoid;
    case 'tanh':
      return pg.tanh;
    case 'softplus':
      return pg.softplus;
    case 'floor':
      return pg.floor;
    case 'ceil':
      return pg.ceil;
    case 'round':
      return pg.round;
    case 'sin':
      return pg.sin;
    case 'cos':
      return pg.cos;
    case 'log1p':
      return pg.log1p;
    case 'expm1':
      return pg.expm1;
    case 'logicalNot':
      return pg.logicalNot;
    case 'isNaN':
      return pg.isNaN;
    case 'isFinite':
      return pg.isFinite;
  }
}

export const binaryOpFns = {
  add: pg.add,
  sub: pg.sub,
  mul: pg.mul,
  div: pg.div,
  pow: pg.pow,
  maximum: pg.maximum,
  minimum: pg.minimum,
  logicalAnd: pg.logicalAnd,
  logicalOr: pg.logicalOr,
} as const;

export const compareOpFns = {
  equal: pg.equal,
  notEqual: pg.notEqual,
  less: pg.less,
  lessEqual: pg.lessEqual,
  greater: pg.greater,
  greaterEqual: pg.greaterEqual,
} as const;

/** Operands for a binary op at `dtype` (bool for logical ops; positive base for pow; nonzero divisor). */
export function binaryInputs(
  op: (typeof BINARY_OPS)[number],
  sa: readonly number[],
  sb: readonly number[],
  seed: number,
  dtype: DType,
): [NDArray, NDArray] {
  switch (op) {
    case 'logicalAnd':
    case 'logicalOr':
      return [integers(sa, 0, 2, seed), integers(sb, 0, 2, seed + 1)];
    case 'pow':
      return [uniform(sa, 0.5, 2, seed, dtype), uniform(sb, -2, 2, seed + 1, dtype)];
    case 'div':
      return [uniform(sa, -3, 3, seed, dtype), uniform(sb, -3, 3, seed + 1, dtype, 0.3)];
    case 'maximum':
    case 'minimum':
      return [uniform(sa, -3, 3, seed, dtype), uniform(sb, -3, 3, seed + 7, dtype)];
    default:
      return [uniform(sa, -3, 3, seed, dtype), uniform(sb, -3, 3, seed + 1, dtype)];
  }
}

function isLogical(op: string): boolean {
  return op === 'logicalAnd' || op === 'logicalOr';
}

export async function binaryCheck(
  ctx: CaseContext,
  op: (typeof BINARY_OPS)[number],
  sa: readonly number[],
  sb: readonly number[],
  seed: number,
  label: string,
) {
  const dt: DType = isLogical(op) ? 'bool' : ctx.dtype;
  const [a, b] = binaryInputs(op, sa, sb, seed, dt);
  const [y] = await evaluate(ctx, () => binaryOpFns[op](up(ctx, a, dt), up(ctx, b, dt)));
  return numeric(label, y, ref.binary(op, a, b), dt, { inputs: [a, b] });
}

export async function compareCheck(
  ctx: CaseContext,
  op: (typeof COMPARE_OPS)[number],
  sa: readonly number[],
  sb: readonly number[],
  seed: number,
  label: string,
) {
  const a = { ...integers(sa, -2, 3, seed) };
  const b = { ...integers(sb, -2, 3, seed + 1) };
  const av = { shape: a.shape, data: a.data.map((v) => v / 2) };
  const bv = { shape: b.shape, data: b.data.map((v) => v / 2) };
  const [y] = await evaluate(ctx, () => compareOpFns[op](up(ctx, av), up(ctx, bv)));
  return numeric(label, y, ref.compare(op, av, bv), 'bool');
}

export function elementwiseCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of UNARY_OPS) {
    cases.push(
      defineCase(`forward/unary/${op}`, 'unary', 'forward', async (ctx) => {
        const inDt: DType = op === 'logicalNot' ? 'bool' : ctx.dtype;
        const outDt: DType = op === 'logicalNot' || op === 'isNaN' || op === 'isFinite' ? 'bool' : ctx.dtype;
        const x = unaryInput(op, SHAPE, 11, inDt);
        const [y] = await evaluate(ctx, () => unaryOp(op)(up(ctx, x, inDt)));
        return [numeric(op, y, ref.unary(op, x), outDt, { inputs: [x] })];
      }),
    );
  }
  for (const op of BINARY_OPS) {
    cases.push(
      defineCase(`forward/binary/${op}`, 'binary', 'forward', async (ctx) => [
        await binaryCheck(ctx, op, SHAPE, SHAPE, 21, op),
      ]),
    );
  }
  for (const op of COMPARE_OPS) {
    cases.push(
      defineCase(`forward/compare/${op}`, 'compare', 'forward', async (ctx) => [
        await compareCheck(ctx, op, SHAPE, SHAPE, 31, op),
      ]),
    );
  }
  cases.push(
    defineCase('forward/select/where', 'select', 'forward', async (ctx) => {
      const c = integers([3, 4], 0, 2, 41);
      const a = uniform([3, 4], -3, 3, 42, ctx.dtype);
      const b = uniform([3, 4], -3, 3, 43, ctx.dtype);
      const [y] = await evaluate(ctx, () => pg.where(up(ctx, c, 'bool'), up(ctx, a), up(ctx, b)));
      return [numeric('where', y, ref.select(c, a, b), ctx.dtype, { inputs: [a, b] })];
    }),
    defineCase('forward/cast/float-to-int32', 'cast', 'forward', async (ctx) => {
      const x: NDArray = { shape: [8], data: ctx.stored([-2.7, -2.5, -0.5, -0, 0.5, 1.9, 2.5, 1e6 + 0.5]) };
      const [y] = await evaluate(ctx, () => pg.cast(up(ctx, x), 'int32'));
      return [
        numeric(
          'cast to int32 truncates toward zero',
          y,
          x.data.map((v) => ref.castValue(v, 'int32')),
          'int32',
        ),
      ];
    }),
    defineCase('forward/cast/float-to-bool', 'cast', 'forward', async (ctx) => {
      const x: NDArray = { shape: [6], data: ctx.stored([0, -0, 1e-30, -2, NaN, Infinity]) };
      const [y] = await evaluate(ctx, () => pg.cast(up(ctx, x), 'bool'));
      return [
        numeric(
          'cast to bool is x != 0',
          y,
          x.data.map((v) => ref.castValue(v, 'bool')),
          'bool',
        ),
      ];
    }),
    defineCase('forward/cast/bool-and-int-to-float', 'cast', 'forward', async (ctx) => {
      const b = integers([5], 0, 2, 51);
      const i = integers([5], -1000, 1000, 52);
      const [yb, yi] = await evaluate(ctx, () => [
        pg.cast(up(ctx, b, 'bool'), ctx.dtype),
        pg.cast(up(ctx, i, 'int32'), ctx.dtype),
      ]);
      return [
        numeric('bool to float', yb, b, ctx.dtype),
        numeric('int32 to float', yi, i, ctx.dtype, { inputs: [i] }),
      ];
    }),
    defineCase('forward/cast/between-floats', 'cast', 'forward', async (ctx) => {
      const other: DType = ctx.dtype === 'float32' ? 'float64' : 'float32';
      if (!ctx.backend.dtypes.includes(other)) return { skip: `backend does not store ${other}` };
      const x = uniform([7], -3, 3, 53, 'float64');
      const [y] = await evaluate(ctx, () => pg.cast(up(ctx, x, 'float64'), other));
      const [z] = await evaluate(ctx, () => pg.cast(up(ctx, x, other), ctx.dtype));
      return [
        numeric(`float64 to ${other}`, y, x, other, { inputs: [x] }),
        numeric(`${other} to ${ctx.dtype}`, z, ctx.stored(x.data, other), ctx.dtype, { inputs: [x] }),
      ];
    }),
    defineCase('forward/cast/clone', 'cast', 'forward', async (ctx) => {
      const x = uniform([2, 3], -3, 3, 54, ctx.dtype);
      const [y] = await evaluate(ctx, () => pg.clone(up(ctx, x)));
      return [numeric('clone copies', y, x, ctx.dtype)];
    }),
    defineCase('forward/fill/full', 'fill', 'forward', async (ctx) => {
      const [a, b, c] = await evaluate(ctx, () => [
        pg.full([2, 3], 1.5, { dtype: ctx.dtype, backend: ctx.backendName }),
        pg.zeros([4], { dtype: ctx.dtype, backend: ctx.backendName }),
        pg.full([], -0.1, { dtype: ctx.dtype, backend: ctx.backendName }),
      ]);
      return [
        numeric('full 1.5', a, new Float64Array(6).fill(1.5), ctx.dtype),
        numeric('zeros', b, new Float64Array(4), ctx.dtype),
        numeric('scalar full -0.1', c, ctx.stored([-0.1]), ctx.dtype),
      ];
    }),
    defineCase('forward/range/arange-linspace', 'range', 'forward', async (ctx) => {
      const [a, l] = await evaluate(ctx, () => [
        pg.arange(-2, 3, 0.5, { dtype: ctx.dtype, backend: ctx.backendName }),
        pg.linspace(-1, 1, 7, { dtype: ctx.dtype, backend: ctx.backendName }),
      ]);
      const ea = Array.from({ length: 10 }, (_, i) => -2 + i * 0.5);
      const el = Array.from({ length: 7 }, (_, i) => -1 + (i * 2) / 6);
      return [
        numeric('arange(-2, 3, 0.5)', a, ea, ctx.dtype, { inputs: [[-2, 3]] }),
        numeric('linspace(-1, 1, 7)', l, el, ctx.dtype, { inputs: [[-1, 1]] }),
      ];
    }),
  );
  return cases;
}
