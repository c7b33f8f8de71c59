/**
 * Gradients of every differentiable op: autograd vs the reference's analytic
 * VJP in every dtype, and vs central finite differences in float64.
 */

import type { BinaryOp, KernelName, UnaryOp } from '@polygrad/core';
import * as pg from '@polygrad/core';
import { distinct, integers, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import { broadcastMap } from '../reference/ndarray.js';
import type { CaseContext, ConformanceCase } from '../types.js';
import { binaryInputs, binaryOpFns, unaryInput, unaryOp } from './elementwise.js';
import { defineCase, type GradSpec, gradientChecks } from './util.js';

export const DIFFERENTIABLE_UNARY: readonly UnaryOp[] = [
  'neg',
  'abs',
  'exp',
  'log',
  'sqrt',
  'rsqrt',
  'square',
  'reciprocal',
  'relu',
  'sigmoid',
  'tanh',
  'softplus',
  'sin',
  'cos',
  'log1p',
  'expm1',
];
export const DIFFERENTIABLE_BINARY: readonly BinaryOp[] = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'maximum',
  'minimum',
];

/** Gradient of Σ dy·op(a, b) w.r.t. a and b, summed back over broadcast axes. */
export function binaryVjp(op: BinaryOp, dy: NDArray, a: NDArray, b: NDArray): NDArray[] {
  const partials = ref.binaryPartials(op);
  const da = broadcastMap([dy, a, b], (g, x, y) => g * partials(x, y)[0]);
  const db = broadcastMap([dy, a, b], (g, x, y) => g * partials(x, y)[1]);
  return [ref.sumTo(da, a.shape), ref.sumTo(db, b.shape)];
}

export function unaryGradSpec(op: UnaryOp, ctx: CaseContext, shape: readonly number[] = [3, 4]): GradSpec {
  return {
    label: `${op} gradient`,
    inputs: [unaryInput(op, shape, 121, ctx.dtype)],
    fn: ([x]) => unaryOp(op)(x),
    forward: ([x]) => ref.unary(op, x),
    vjp: (dy, [x]) => [broadcastMap([dy, x], (g, v) => g * ref.unaryDerivative(op)(v))],
  };
}

export function binaryGradSpec(
  op: BinaryOp,
  ctx: CaseContext,
  sa: readonly number[],
  sb: readonly number[],
): GradSpec {
  const [a, b] = binaryInputs(op, sa, sb, 131, ctx.dtype);
  const k = Math.max(
    1,
    ref.sizeOf(ref.broadcastShape(sa, sb) ?? []) / Math.min(ref.sizeOf(sa), ref.sizeOf(sb)),
  );
  return {
    label: `${op} gradient [${sa.join(',')}]∘[${sb.join(',')}]`,
    inputs: [a, b],
    fn: ([x, y]) => binaryOpFns[op](x, y),
    forward: ([x, y]) => ref.binary(op, x, y),
    vjp: (dy, [x, y]) => binaryVjp(op, dy, x, y),
    k,
  };
}

function g(name: string, kernel: KernelName, spec: (ctx: CaseContext) => GradSpec): ConformanceCase {
  return defineCase(`gradient/${name}`, kernel, 'gradient', (ctx) => gradientChecks(ctx, spec(ctx)));
}

export function gradientCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of DIFFERENTIABLE_UNARY) {
    const kernel: KernelName =
      op === 'relu' || op === 'sigmoid' || op === 'tanh' || op === 'softplus'
        ? 'activationBackward'
        : 'unary';
    cases.push(g(`unary/${op}`, kernel, (ctx) => unaryGradSpec(op, ctx)));
  }
  for (const op of DIFFERENTIABLE_BINARY)
    cases.push(g(`binary/${op}`, 'binary', (ctx) => binaryGradSpec(op, ctx, [3, 4], [3, 4])));
  cases.push(
    g('reduce/sum', 'reduce', (ctx) => ({
      label: 'sum over [0,2] gradient',
      inputs: [uniform([2, 3, 4], -2, 2, 141, ctx.dtype)],
      fn: ([x]) => pg.sum(x, [0, 2]),
      forward: ([x]) => ref.reduce('sum', x, [0, 2]),
      vjp: (dy, [x]) => [ref.expand({ shape: [1, 3, 1], data: dy.data }, x.shape)],
      k: 8,
    })),
    g('reduce/mean', 'reduce', (ctx) => ({
      label: 'mean over axis 1 keepdims gradient',
      inputs: [uniform([2, 3, 4], -2, 2, 142, ctx.dtype)],
      fn: ([x]) => pg.mean(x, 1, true),
      forward: ([x]) => ref.mean(x, [1], true),
      vjp: (dy, [x]) => [{ shape: x.shape, data: ref.expand(dy, x.shape).data.map((v) => v / 3) }],
      k: 3,
    })),
    g('reduce/max', 'reduce', (ctx) => ({
      label: 'max over axis 1 gradient (no ties)',
      inputs: [distinct([3, 4], 143, ctx.dtype)],
      fn: ([x]) => pg.max(x, 1),
      forward: ([x]) => ref.reduce('max', x, [1]),
      vjp: (dy, [x]) => {
        const m = ref.reduce('max', x, [1], true);
        return [broadcastMap([x, m, { shape: [3, 1], data: dy.data }], (v, mv, gv) => (v === mv ? gv : 0))];
      },
    })),
    g('reduce/min', 'reduce', (ctx) => ({
      label: 'min over all gradient (no ties)',
      inputs: [distinct([3, 4], 144, ctx.dtype)],
      fn: ([x]) => pg.min(x),
      forward: ([x]) => ref.reduce('min', x, [0, 1]),
      vjp: (dy, [x]) => {
        const m = ref.reduce('min', x, [0, 1]).data[0];
        return [{ shape: x.shape, data: x.data.map((v) => (v === m ? dy.data[0] : 0)) }];
      },
    })),
    g('reduce/prod', 'reduce', (ctx) => ({
      label: 'prod over axis 0 gradient',
      inputs: [uniform([3, 4], 0.5, 1.5, 145, ctx.dtype)],
      fn: ([x]) => pg.prod(x, 0),
      forward: ([x]) => ref.reduce('prod', x, [0]),
      vjp: (dy, [x]) => {
        const p = ref.reduce('prod', x, [0], true);
        return [broadcastMap([x, p, { shape: [1, 4], data: dy.data }], (v, pv, gv) => (gv * pv) / v)];
      },
      k: 3,
    })),
    g('reduce/logsumexp', 'reduce', (ctx) => ({
      label: 'logsumexp over axis 1 gradient',
      inputs: [uniform([3, 5], -3, 3, 146, ctx.dtype)],
      fn: ([x]) => pg.logsumexp(x, 1),
      forward: ([x]) => ref.logsumexp(x, [1]),
      vjp: (dy, [x]) => [
        broadcastMap([ref.softmax(x, 1), { shape: [3, 1], data: dy.data }], (p, gv) => p * gv),
      ],
      k: 5,
    })),
    g('matmul/2d', 'matmul', (ctx) => ({
      label: 'matmul gradient',
      inputs: [uniform([3, 4], -2, 2, 147, ctx.dtype), uniform([4, 5], -2, 2, 148, ctx.dtype)],
      fn: ([a, b]) => pg.matmul(a, b),
      forward: ([a, b]) => ref.matmul(a, b),
      vjp: (dy, [a, b]) => [ref.matmul(dy, b, false, true), ref.matmul(a, dy, true, false)],
      k: 5,
    })),
    g('transpose', 'transpose', (ctx) => ({
      label: 'transpose [2,0,1] gradient',
      inputs: [uniform([2, 3, 4], -2, 2, 149, ctx.dtype)],
      fn: ([x]) => pg.transpose(x, [2, 0, 1]),
      forward: ([x]) => ref.transpose(x, [2, 0, 1]),
      vjp: (dy) => [ref.transpose(dy, [1, 2, 0])],
    })),
    g('slice', 'slice', (ctx) => ({
      label: 'slice gradient',
      inputs: [uniform([4, 5], -2, 2, 150, ctx.dtype)],
      fn: ([x]) => pg.slice(x, [1, 2], [2, 3]),
      forward: ([x]) => ref.slice(x, [1, 2], [2, 3]),
      vjp: (dy) => [
        ref.pad(dy, [
          [1, 1],
          [2, 0],
        ]),
      ],
    })),
    g('pad', 'pad', (ctx) => ({
      label: 'pad gradient',
      inputs: [uniform([2, 3], -2, 2, 151, ctx.dtype)],
      fn: ([x]) =>
        pg.pad(
          x,
          [
            [1, 2],
            [0, 1],
          ],
          3,
        ),
      forward: ([x]) =>
        ref.pad(
          x,
          [
            [1, 2],
            [0, 1],
          ],
          3,
        ),
      vjp: (dy) => [ref.slice(dy, [1, 0], [2, 3])],
    })),
    g('concat', 'concat', (ctx) => ({
      label: 'concat gradient',
      inputs: [uniform([2, 3], -2, 2, 152, ctx.dtype), uniform([2, 1], -2, 2, 153, ctx.dtype)],
      fn: ([a, b]) => pg.concat([a, b, a], 1),
      forward: ([a, b]) => ref.concat([a, b, a], 1),
      vjp: (dy) => {
        const a1 = ref.slice(dy, [0, 0], [2, 3]);
        const a2 = ref.slice(dy, [0, 4], [2, 3]);
        return [
          { shape: a1.shape, data: a1.data.map((v, i) => v + a2.data[i]) },
          ref.slice(dy, [0, 3], [2, 1]),
        ];
      },
    })),
    g('expand', 'expand', (ctx) => ({
      label: 'expand gradient',
      inputs: [uniform([3, 1], -2, 2, 154, ctx.dtype)],
      fn: ([x]) => pg.expand(x, [2, 3, 4]),
      forward: ([x]) => ref.expand(x, [2, 3, 4]),
      vjp: (dy) => [ref.sumTo(dy, [3, 1])],
      k: 8,
    })),
    g('gather', 'scatterAdd', (ctx) => {
      const idx = { shape: [2, 3], data: Float64Array.from([0, 2, 2, 1, 0, 2]) };
      return {
        label: 'gather gradient (scatterAdd with repeats)',
        inputs: [uniform([4, 3], -2, 2, 155, ctx.dtype)],
        fn: ([x], c) => pg.gather(x, c.tensor(idx.data, idx.shape, 'int32'), 1),
        forward: ([x]) => ref.gather(x, idx, 1),
        vjp: (dy, [x]) => [ref.scatterAdd(dy, idx, 1, x.shape)],
        k: 3,
      };
    }),
    g('where', 'select', (ctx) => {
      const cond = integers([3, 4], 0, 2, 156);
      return {
        label: 'where gradient',
        inputs: [uniform([3, 4], -2, 2, 157, ctx.dtype), uniform([4], -2, 2, 158, ctx.dtype)],
        fn: ([a, b], c) => pg.where(c.tensor(cond.data, cond.shape, 'bool'), a, b),
        forward: ([a, b]) => ref.select(cond, a, b),
        vjp: (dy, [, b]) => [
          broadcastMap([cond, dy], (cv, gv) => (cv ? gv : 0)),
          ref.sumTo(
            broadcastMap([cond, dy], (cv, gv) => (cv ? 0 : gv)),
            b.shape,
          ),
        ],
        k: 3,
      };
    }),
    g('softmax', 'softmaxBackward', (ctx) => ({
      label: 'softmax gradient',
      inputs: [uniform([3, 5], -3, 3, 159, ctx.dtype)],
      fn: ([x]) => pg.softmax(x),
      forward: ([x]) => ref.softmax(x, 1),
      vjp: (dy, [x]) => [ref.softmaxBackward(ref.softmax(x, 1), dy, 1)],
      k: 5,
    })),
    g('logSoftmax', 'softmaxBackward', (ctx) => ({
      label: 'logSoftmax axis 0 gradient',
      inputs: [uniform([4, 3], -3, 3, 160, ctx.dtype)],
      fn: ([x]) => pg.logSoftmax(x, 0),
      forward: ([x]) => ref.logSoftmax(x, 0),
      vjp: (dy, [x]) => [ref.logSoftmaxBackward(ref.logSoftmax(x, 0), dy, 0)],
      k: 4,
    })),
    g('crossEntropy', 'crossEntropyBackward', (ctx) => {
      const labels = integers([4], 0, 5, 161);
      return {
        label: 'softmaxCrossEntropy gradient',
        inputs: [uniform([4, 5], -3, 3, 162, ctx.dtype)],
        fn: ([x], c) => pg.softmaxCrossEntropy(x, c.tensor(labels.data, labels.shape, 'int32')),
        forward: ([x]) => ref.crossEntropy(x, labels),
        vjp: (dy, [x]) => [ref.crossEntropyBackward(x, labels, dy)],
        k: 5,
      };
    }),
    g('linear', 'linear', (ctx) => ({
      label: 'linear gradient',
      inputs: [
        uniform([4, 3], -2, 2, 163, ctx.dtype),
        uniform([5, 3], -2, 2, 164, ctx.dtype),
        uniform([5], -2, 2, 165, ctx.dtype),
      ],
      fn: ([x, w, b]) => pg.linear(x, w, b),
      forward: ([x, w, b]) => ref.linear(x, w, b),
      vjp: (dy, [x, w]) => [ref.matmul(dy, w), ref.matmul(dy, x, true, false), ref.reduce('sum', dy, [0])],
      k: 5,
    })),
    g('cast', 'cast', (ctx) => ({
      label: 'cast float→float gradient',
      inputs: [uniform([2, 3], -2, 2, 166, ctx.dtype)],
      fn: ([x]) => pg.mul(pg.cast(x, ctx.dtype), 2),
      forward: ([x]) => ({ shape: x.shape, data: x.data.map((v) => 2 * v) }),
      vjp: (dy) => [{ shape: dy.shape, data: dy.data.map((v) => 2 * v) }],
    })),
  );
  return cases;
}

/** Broadcast gradients: the adjoint of broadcasting (sumTo) for every differentiable binary op. */
export function broadcastGradientCases(): ConformanceCase[] {
  return DIFFERENTIABLE_BINARY.map((op) =>
    defineCase(`broadcast/gradient/${op}`, 'binary', 'broadcast', (ctx) =>
      gradientChecks(ctx, binaryGradSpec(op, ctx, [2, 1, 4], [3, 1])),
    ),
  );
}
