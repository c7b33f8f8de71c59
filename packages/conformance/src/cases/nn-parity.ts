/**
 * Where PyTorch users expect the nn library to agree with PyTorch (issue #12):
 * transpose of two dims, prod's gradient at exact zeros, take-along-axis gather,
 * the L1 / smooth-L1 / Huber losses, label-smoothed cross-entropy and AMSGrad.
 * Every reference here is written from PyTorch's documented formula in plain
 * float64 loops; gradients are also checked by central differences in float64.
 */
import * as pg from '@polygrad/core';
import { integers, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import { type NDArray, nd, ravel, unravel } from '../reference/ndarray.js';
import type { CaseContext, Check, ConformanceCase } from '../types.js';
import { bool, defineCase, evaluate, type GradSpec, gradientChecks, numeric, up } from './util.js';

function g(name: string, kernel: pg.KernelName, spec: (ctx: CaseContext) => GradSpec): ConformanceCase {
  return defineCase(`gradient/${name}`, kernel, 'gradient', (ctx) => gradientChecks(ctx, spec(ctx)));
}

/** The permutation that swaps dims a and b of a rank-`rank` tensor. */
function swapPerm(rank: number, a: number, b: number): number[] {
  return Array.from({ length: rank }, (_, i) => (i === a ? b : i === b ? a : i));
}

/** out[..., j, ...] = x[..., idx[..., j, ...], ...] along `axis` (numpy.take_along_axis). */
function takeAlongAxisRef(x: NDArray, idx: NDArray, axis: number): NDArray {
  const out = nd(idx.shape);
  for (let i = 0; i < out.data.length; i++) {
    const at = unravel(i, idx.shape);
    at[axis] = idx.data[i];
    out.data[i] = x.data[ravel(at, x.shape)];
  }
  return out;
}

/** The adjoint: dy scattered back to x's shape, adding where an index repeats. */
function takeAlongAxisVjp(dy: NDArray, idx: NDArray, axis: number, shape: readonly number[]): NDArray {
  const dx = nd(shape);
  for (let i = 0; i < dy.data.length; i++) {
    const at = unravel(i, idx.shape);
    at[axis] = idx.data[i];
    dx.data[ravel(at, shape)] += dy.data[i];
  }
  return dx;
}

/** For each element, the product of the other elements of its slice along `axis` (PyTorch's prod gradient). */
function prodOthers(x: NDArray, axis: number): NDArray {
  const out = nd(x.shape);
  for (let i = 0; i < x.data.length; i++) {
    const at = unravel(i, x.shape);
    let p = 1;
    for (let j = 0; j < x.shape[axis]; j++) {
      if (j === at[axis]) continue;
      p *=
        x.data[
          ravel(
            at.map((v, d) => (d === axis ? j : v)),
            x.shape,
          )
        ];
    }
    out.data[i] = p;
  }
  return out;
}

/** Rows with no zero, one zero and two zeros (prod's gradient differs in each). */
function prodInput(ctx: CaseContext): NDArray {
  const x = uniform([3, 4], 0.5, 2, 401, ctx.dtype);
  const signs = [1, -1, 1, -1, -1, 1, 1, 1, 1, -1, 1, 1];
  x.data.forEach((v, i) => {
    x.data[i] = v * signs[i];
  });
  x.data[5] = 0;
  x.data[8] = 0;
  x.data[11] = 0;
  return x;
}

type Pointwise = (d: number) => [value: number, derivative: number];

/** PyTorch's formulas, as functions of d = input − target. */
const L1: Pointwise = (d) => [Math.abs(d), Math.sign(d)];
const smoothL1 =
  (beta: number): Pointwise =>
  (d) =>
    beta === 0
      ? L1(d)
      : Math.abs(d) < beta
        ? [(0.5 * d * d) / beta, d / beta]
        : [Math.abs(d) - 0.5 * beta, Math.sign(d)];
const huber =
  (delta: number): Pointwise =>
  (d) =>
    Math.abs(d) < delta ? [0.5 * d * d, d] : [delta * (Math.abs(d) - 0.5 * delta), delta * Math.sign(d)];

interface LossSpec {
  readonly name: string;
  readonly fn: (i: pg.Tensor, t: pg.Tensor, reduction: pg.nn.Reduction) => pg.Tensor;
  readonly pointwise: Pointwise;
  /** Where the formula switches branches (kept away from in the random data, hit exactly in the edge data). */
  readonly kinks: readonly number[];
}

const LOSSES: readonly LossSpec[] = [
  { name: 'l1', fn: (i, t, reduction) => pg.nn.l1Loss(i, t, { reduction }), pointwise: L1, kinks: [0] },
  {
    name: 'smoothL1-beta1',
    fn: (i, t, reduction) => pg.nn.smoothL1Loss(i, t, { reduction }),
    pointwise: smoothL1(1),
    kinks: [-1, 1],
  },
  {
    name: 'smoothL1-beta0.5',
    fn: (i, t, reduction) => pg.nn.smoothL1Loss(i, t, { reduction, beta: 0.5 }),
    pointwise: smoothL1(0.5),
    kinks: [-0.5, 0.5],
  },
  {
    name: 'smoothL1-beta0',
    fn: (i, t, reduction) => pg.nn.smoothL1Loss(i, t, { reduction, beta: 0 }),
    pointwise: smoothL1(0),
    kinks: [0],
  },
  {
    name: 'huber-delta1',
    fn: (i, t, reduction) => pg.nn.huberLoss(i, t, { reduction }),
    pointwise: huber(1),
    kinks: [-1, 1],
  },
  {
    name: 'huber-delta2',
    fn: (i, t, reduction) => pg.nn.huberLoss(i, t, { reduction, delta: 2 }),
    pointwise: huber(2),
    kinks: [-2, 2],
  },
];

/** input = target + d with every d at least 0.05 from the loss's kinks (finite differences stay smooth). */
function lossInputs(spec: LossSpec, ctx: CaseContext): [NDArray, NDArray] {
  const target = uniform([4, 5], -2, 2, 411, ctx.dtype);
  const input = uniform([4, 5], -3, 3, 412, ctx.dtype);
  input.data.forEach((v, i) => {
    let d = v - target.data[i];
    for (const k of spec.kinks) if (Math.abs(d - k) < 0.05) d = k + (d < k ? -0.05 : 0.05);
    input.data[i] = ctx.stored([target.data[i] + d])[0];
  });
  return [input, target];
}

/** Inputs whose differences hit 0 and ±1, ±0.5, ±2 exactly (stored exactly in float32). */
const EDGE_INPUT = [1.5, -1, 3, 0.25, 0, 2, -0.5, 0.5, 4, -2];
const EDGE_TARGET = [1, 1, 2, 0.25, 0.25, 2.5, 0, 0, 2, -1.5];

function pointwiseRef(spec: LossSpec, input: NDArray, target: NDArray, which: 0 | 1): NDArray {
  return { shape: input.shape, data: input.data.map((v, i) => spec.pointwise(v - target.data[i])[which]) };
}

function lossCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const spec of LOSSES) {
    cases.push(
      g(`loss/${spec.name}`, 'unary', (ctx) => {
        const [input, target] = lossInputs(spec, ctx);
        return {
          label: `${spec.name} (reduction none) gradient`,
          inputs: [input],
          fn: ([x], c) => spec.fn(x, up(c, target), 'none'),
          forward: ([x]) => pointwiseRef(spec, x, target, 0),
          vjp: (dy, [x]) => [
            { shape: x.shape, data: pointwiseRef(spec, x, target, 1).data.map((v, i) => v * dy.data[i]) },
          ],
        };
      }),
      g(`loss/${spec.name}-edges`, 'unary', () => {
        const input = nd([EDGE_INPUT.length], EDGE_INPUT);
        const target = nd([EDGE_TARGET.length], EDGE_TARGET);
        return {
          label: `${spec.name} at d = 0 and exactly on the branch edges (PyTorch's side of each edge)`,
          inputs: [input],
          fn: ([x], c) => spec.fn(x, up(c, target), 'none'),
          forward: ([x]) => pointwiseRef(spec, x, target, 0),
          vjp: (dy, [x]) => [
            { shape: x.shape, data: pointwiseRef(spec, x, target, 1).data.map((v, i) => v * dy.data[i]) },
          ],
          // The points sit on kinks: central differences are not the derivative there.
          noFiniteDifferences: true,
        };
      }),
      defineCase(`forward/loss/${spec.name}-reductions`, 'reduce', 'forward', async (ctx) => {
        const [input, target] = lossInputs(spec, ctx);
        const values = pointwiseRef(spec, input, target, 0).data;
        const sum = values.reduce((a, b) => a + b, 0);
        const [m, s] = await evaluate(ctx, () => [
          spec.fn(up(ctx, input), up(ctx, target), 'mean'),
          spec.fn(up(ctx, input), up(ctx, target), 'sum'),
        ]);
        const n = values.length;
        return [
          numeric(`${spec.name} mean`, m, [sum / n], ctx.dtype, { k: n, inputs: [input, target] }),
          numeric(`${spec.name} sum`, s, [sum], ctx.dtype, { k: n, inputs: [values] }),
        ];
      }),
    );
  }
  return cases;
}

/** PyTorch's label smoothing: per sample (1 − ε)·(−log p[y]) + ε·mean over classes of −log p. */
function smoothedCrossEntropy(logits: NDArray, labels: NDArray, eps: number): NDArray {
  const [n, c] = logits.shape;
  const lp = ref.logSoftmax(logits, 1).data;
  const out = nd([n]);
  for (let i = 0; i < n; i++) {
    let uniformTerm = 0;
    for (let j = 0; j < c; j++) uniformTerm -= lp[i * c + j];
    out.data[i] = (1 - eps) * -lp[i * c + labels.data[i]] + (eps * uniformTerm) / c;
  }
  return out;
}

/** Its gradient: dy_i · (softmax − ((1 − ε)·onehot + ε/C)). */
function smoothedCrossEntropyVjp(logits: NDArray, labels: NDArray, eps: number, dy: NDArray): NDArray {
  const [n, c] = logits.shape;
  const p = ref.softmax(logits, 1).data;
  const dx = nd(logits.shape);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < c; j++) {
      const t = (1 - eps) * (j === labels.data[i] ? 1 : 0) + eps / c;
      dx.data[i * c + j] = dy.data[i] * (p[i * c + j] - t);
    }
  return dx;
}

function labelSmoothingCases(): ConformanceCase[] {
  const labels = integers([6], 0, 5, 421);
  return [
    g('crossEntropy/labelSmoothing', 'crossEntropy', (ctx) => ({
      label: 'crossEntropy labelSmoothing 0.1 (reduction none) gradient',
      inputs: [uniform([6, 5], -3, 3, 422, ctx.dtype)],
      fn: ([x], c) =>
        pg.nn.crossEntropy(x, c.tensor(labels.data, labels.shape, 'int32'), {
          labelSmoothing: 0.1,
          reduction: 'none',
        }),
      forward: ([x]) => smoothedCrossEntropy(x, labels, 0.1),
      vjp: (dy, [x]) => [smoothedCrossEntropyVjp(x, labels, 0.1, dy)],
      k: 5,
    })),
    defineCase('stability/crossEntropy/labelSmoothing-1000', 'crossEntropy', 'stability', async (ctx) => {
      const x = nd([2, 4], [1000, -1000, 999, 3, -5, 1000, 0, -1000]);
      const lab = nd([2], [1, 0]);
      const [none, mean] = await evaluate(ctx, () => {
        const l = ctx.tensor(lab.data, lab.shape, 'int32');
        return [
          pg.nn.crossEntropy(up(ctx, x), l, { labelSmoothing: 0.25, reduction: 'none' }),
          pg.nn.crossEntropy(up(ctx, x), l, { labelSmoothing: 0.25 }),
        ];
      });
      const want = smoothedCrossEntropy(x, lab, 0.25);
      return [
        numeric('labelSmoothing 0.25 at ±1000 (none)', none, want, ctx.dtype, { k: 4, inputs: [x] }),
        numeric('labelSmoothing 0.25 at ±1000 (mean)', mean, [(want.data[0] + want.data[1]) / 2], ctx.dtype, {
          k: 8,
          inputs: [x],
        }),
      ];
    }),
  ];
}

/** PyTorch's Adam with amsgrad=True, one step on flat arrays. */
function amsgradStep(
  param: ArrayLike<number>,
  grad: ArrayLike<number>,
  state: { m: Float64Array; v: Float64Array; vMax: Float64Array },
  c: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; decoupled: boolean },
  step: number,
): Float64Array {
  const p = Float64Array.from(param);
  const bc1 = 1 - c.beta1 ** step;
  const bc2 = 1 - c.beta2 ** step;
  for (let i = 0; i < p.length; i++) {
    let gi = grad[i];
    if (c.decoupled) p[i] *= 1 - c.lr * c.weightDecay;
    else gi += c.weightDecay * p[i];
    state.m[i] = c.beta1 * state.m[i] + (1 - c.beta1) * gi;
    state.v[i] = c.beta2 * state.v[i] + (1 - c.beta2) * gi * gi;
    state.vMax[i] = Math.max(state.vMax[i], state.v[i]);
    p[i] -= ((c.lr / bc1) * state.m[i]) / (Math.sqrt(state.vMax[i]) / Math.sqrt(bc2) + c.eps);
  }
  return p;
}

function amsgradCases(): ConformanceCase[] {
  const configs = [
    { name: 'amsgrad', lr: 0.05, beta1: 0.9, beta2: 0.6, eps: 1e-8, weightDecay: 0, decoupled: false },
    { name: 'amsgrad-adamw', lr: 0.05, beta1: 0.8, beta2: 0.6, eps: 1e-6, weightDecay: 0.1, decoupled: true },
  ];
  return configs.map((c) =>
    defineCase(`forward/adamUpdate/${c.name}`, 'adamUpdate', 'forward', async (ctx) => {
      let p = uniform([3, 4], -2, 2, 431, ctx.dtype).data;
      const state: { m: Float64Array; v: Float64Array; vMax: Float64Array } = {
        m: new Float64Array(12),
        v: new Float64Array(12),
        vMax: new Float64Array(12),
      };
      const ts = [p, state.m, state.v, state.vMax].map((a) => ctx.tensor(a, [3, 4]));
      const [pt, mt, vt, vMaxT] = ts;
      const checks: Check[] = [];
      try {
        for (let step = 1; step <= 5; step++) {
          // Gradients shrink after step 2, so v falls below its running maximum and vMax matters.
          const gr = uniform([3, 4], -1, 1, 440 + step, ctx.dtype);
          const scale = step <= 2 ? 1 : 0.05;
          const gScaled = { shape: gr.shape, data: ctx.stored(gr.data.map((v) => v * scale)) };
          const gt = up(ctx, gScaled);
          const { name: _name, ...options } = c;
          pg.adamUpdate(pt, gt, mt, vt, { ...options, step }, vMaxT);
          gt.dispose();
          p = amsgradStep(p, gScaled.data, state, c, step);
          // The reference continues from the stored state, like the backend.
          p = ctx.stored(p);
          state.m = ctx.stored(state.m);
          state.v = ctx.stored(state.v);
          state.vMax = ctx.stored(state.vMax);
          checks.push(
            numeric(`${c.name} step ${step} param`, await ctx.read(pt), p, ctx.dtype, {
              k: 2,
              inputs: [p, gScaled],
            }),
            // A copy: the next step's reference updates the state arrays in place.
            numeric(
              `${c.name} step ${step} vMax`,
              await ctx.read(vMaxT),
              Float64Array.from(state.vMax),
              ctx.dtype,
              {
                inputs: [Float64Array.from(state.vMax), gScaled],
              },
            ),
          );
        }
      } finally {
        pg.dispose(ts);
      }
      return checks;
    }),
  );
}

/**
 * An index past the axis (or negative) is an AxisError naming takeAlongAxis, from the op on
 * host-memory backends or from the next read elsewhere (core's index-check rule) — never a value
 * read from another row through the flat index; a later read works again.
 */
async function takeAlongAxisRejects(ctx: CaseContext, bad: number): Promise<Check[]> {
  const describe = (e: unknown) =>
    e === null ? 'nothing was thrown' : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  let error: unknown = null;
  let result: pg.Tensor | null = null;
  try {
    result = pg.tidy(() =>
      pg.takeAlongAxis(
        ctx.tensor([1, 2, 3, 4, 5, 6], [2, 3]),
        ctx.tensor([0, bad, 2, 1], [2, 2], 'int32'),
        1,
      ),
    );
  } catch (e) {
    error = e;
  }
  if (result) {
    try {
      await ctx.read(result);
    } catch (e) {
      error = e;
    } finally {
      result.dispose();
    }
  }
  let after: unknown = null;
  const fresh = ctx.tensor([1, 2], [2]);
  try {
    await ctx.read(fresh);
  } catch (e) {
    after = e;
  } finally {
    fresh.dispose();
  }
  return [
    bool(
      `index ${bad} on an axis of 3: AxisError from takeAlongAxis`,
      error instanceof pg.AxisError && error.op === 'takeAlongAxis',
      `expected an AxisError naming 'takeAlongAxis' (from the op or the next read); got ${describe(error)}`,
    ),
    bool(`index ${bad}: the next read works`, after === null, `a later read threw ${describe(after)}`),
  ];
}

export function nnParityCases(): ConformanceCase[] {
  const takeIdx = integers([3, 7, 4], 0, 5, 402);
  return [
    defineCase('forward/transpose/two-dims', 'transpose', 'forward', async (ctx) => {
      const x = uniform([3, 2, 4], -2, 2, 400, ctx.dtype);
      const [a, b, c, d] = await evaluate(ctx, () => {
        const t = up(ctx, x);
        return [pg.transpose(t, 0, 1), t.transpose(1, 2), t.transpose(-1, 0), pg.permute(t, [2, 0, 1])];
      });
      return [
        numeric('transpose(0, 1): [3,2,4] -> [2,3,4]', a, ref.transpose(x, swapPerm(3, 0, 1)), ctx.dtype),
        numeric('transpose(1, 2)', b, ref.transpose(x, swapPerm(3, 1, 2)), ctx.dtype),
        numeric('transpose(-1, 0)', c, ref.transpose(x, swapPerm(3, 2, 0)), ctx.dtype),
        numeric('permute([2, 0, 1])', d, ref.transpose(x, [2, 0, 1]), ctx.dtype),
      ];
    }),
    g('transpose/two-dims', 'transpose', (ctx) => ({
      label: 'transpose(1, 2) gradient',
      inputs: [uniform([2, 3, 4], -2, 2, 403, ctx.dtype)],
      fn: ([x]) => pg.transpose(x, 1, 2),
      forward: ([x]) => ref.transpose(x, swapPerm(3, 1, 2)),
      vjp: (dy) => [ref.transpose(dy, swapPerm(3, 1, 2))],
    })),
    g('reduce/prod-zeros', 'reduce', (ctx) => ({
      label: 'prod over axis 1 gradient, rows with no zero, one zero, two zeros',
      inputs: [prodInput(ctx)],
      fn: ([x]) => pg.prod(x, 1),
      forward: ([x]) => ref.reduce('prod', x, [1]),
      vjp: (dy, [x]) => {
        const others = prodOthers(x, 1);
        return [{ shape: x.shape, data: others.data.map((v, i) => v * dy.data[Math.floor(i / 4)]) }];
      },
      k: 4,
    })),
    g('reduce/prod-zeros-axis0', 'reduce', (ctx) => ({
      label: 'prod over axis 0 keepdims gradient, columns with and without zeros',
      inputs: [prodInput(ctx)],
      fn: ([x]) => pg.prod(x, 0, true),
      forward: ([x]) => ref.reduce('prod', x, [0], true),
      vjp: (dy, [x]) => {
        const others = prodOthers(x, 0);
        return [{ shape: x.shape, data: others.data.map((v, i) => v * dy.data[i % 4]) }];
      },
      k: 3,
    })),
    g('takeAlongAxis', 'gather', (ctx) => ({
      label: 'takeAlongAxis along the middle axis gradient (repeated indices add)',
      inputs: [uniform([3, 5, 4], -2, 2, 404, ctx.dtype)],
      fn: ([x], c) => pg.takeAlongAxis(x, c.tensor(takeIdx.data, takeIdx.shape, 'int32'), 1),
      forward: ([x]) => takeAlongAxisRef(x, takeIdx, 1),
      vjp: (dy, [x]) => [takeAlongAxisVjp(dy, takeIdx, 1, x.shape)],
      k: 7,
    })),
    g('takeAlongAxis-last', 'scatterAdd', (ctx) => {
      const idx = integers([4, 6], 0, 3, 405);
      return {
        label: 'gatherAlong along the last axis gradient',
        inputs: [uniform([4, 3], -2, 2, 406, ctx.dtype)],
        fn: ([x], c) => pg.gatherAlong(x, c.tensor(idx.data, idx.shape, 'int32'), -1),
        forward: ([x]) => takeAlongAxisRef(x, idx, 1),
        vjp: (dy, [x]) => [takeAlongAxisVjp(dy, idx, 1, x.shape)],
        k: 6,
      };
    }),
    defineCase('errors/takeAlongAxis/index-out-of-range', 'gather', 'errors', async (ctx) => [
      ...(await takeAlongAxisRejects(ctx, 3)),
      ...(await takeAlongAxisRejects(ctx, -1)),
    ]),
    ...lossCases(),
    ...labelSmoothingCases(),
    ...amsgradCases(),
  ];
}
