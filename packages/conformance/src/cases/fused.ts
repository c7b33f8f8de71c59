/**
 * Fused kernels: the backend's kernel (called directly, when it has one)
 * against the float64 reference AND against core's composition of primitives.
 * A backend without the kernel runs the composition, which is then checked
 * against the reference. Optimizer updates go through the public ops.
 */

import type { Backend, DataHandle, Tensor } from '@polygrad/core';
import * as pg from '@polygrad/core';
import { integers, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import type { CaseContext, Check, ConformanceCase } from '../types.js';
import { defineCase, evaluate, numeric, up } from './util.js';

async function readHandle(b: Backend, h: DataHandle): Promise<Float64Array> {
  const v = Float64Array.from(b.readSync ? b.readSync(h) : await b.read(h));
  b.free(h);
  return v;
}

/**
 * Shared shape of every fused case: `direct` calls the kernel on uploaded
 * inputs (returns null when the backend lacks it), `composed` builds core's composition.
 */
async function fusedChecks(
  ctx: CaseContext,
  label: string,
  inputs: readonly { x: NDArray; int?: boolean }[],
  direct: (ts: readonly Tensor[]) => DataHandle | null,
  composed: (ts: readonly Tensor[]) => Tensor,
  expected: NDArray,
  k: number,
): Promise<Check[]> {
  const refInputs = inputs.filter((i) => !i.int).map((i) => i.x);
  const upAll = () => inputs.map((i) => up(ctx, i.x, i.int ? 'int32' : ctx.dtype));
  const [viaComposition] = await evaluate(ctx, () => composed(upAll()));
  const checks: Check[] = [
    numeric(`${label}: core composition vs reference`, viaComposition, expected, ctx.dtype, {
      k,
      inputs: refInputs,
    }),
  ];
  const ts = upAll();
  try {
    const h = direct(ts);
    if (h === null) return checks;
    const viaKernel = await readHandle(ctx.backend, h);
    checks.push(
      numeric(`${label}: fused kernel vs reference`, viaKernel, expected, ctx.dtype, {
        k,
        inputs: refInputs,
      }),
      numeric(`${label}: fused kernel vs core composition`, viaKernel, viaComposition, ctx.dtype, {
        k,
        inputs: refInputs,
      }),
    );
    return checks;
  } finally {
    pg.dispose(ts);
  }
}

const info = (t: Tensor) => t._info('conformance');

export function fusedCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [
    defineCase('fused/linear', 'linear', 'fused-vs-composition', async (ctx) => {
      const x = uniform([4, 6], -2, 2, 211, ctx.dtype);
      const w = uniform([3, 6], -2, 2, 212, ctx.dtype);
      const b = uniform([3], -2, 2, 213, ctx.dtype);
      const k = ctx.backend.kernels.linear;
      const withBias = await fusedChecks(
        ctx,
        'linear with bias',
        [{ x }, { x: w }, { x: b }],
        (ts) =>
          k
            ? k({
                x: info(ts[0]),
                weight: info(ts[1]),
                bias: info(ts[2]),
                out: { shape: [4, 3], dtype: ctx.dtype },
              })
            : null,
        (ts) => pg.linearComposed(ts[0], ts[1], ts[2]),
        ref.linear(x, w, b),
        6,
      );
      const noBias = await fusedChecks(
        ctx,
        'linear without bias',
        [{ x }, { x: w }],
        (ts) =>
          k
            ? k({ x: info(ts[0]), weight: info(ts[1]), bias: null, out: { shape: [4, 3], dtype: ctx.dtype } })
            : null,
        (ts) => pg.linearComposed(ts[0], ts[1], null),
        ref.linear(x, w, null),
        6,
      );
      const [viaOp] = await evaluate(ctx, () => pg.linear(up(ctx, x), up(ctx, w), up(ctx, b)));
      return [
        ...withBias,
        ...noBias,
        numeric('linear() op vs reference', viaOp, ref.linear(x, w, b), ctx.dtype, {
          k: 6,
          inputs: [x, w, b],
        }),
      ];
    }),
    defineCase('fused/softmax', 'softmax', 'fused-vs-composition', async (ctx) => {
      const x = uniform([3, 5], -4, 4, 214, ctx.dtype);
      const k = ctx.backend.kernels.softmax;
      const checks: Check[] = [];
      for (const log of [false, true]) {
        for (const axis of [0, 1]) {
          checks.push(
            ...(await fusedChecks(
              ctx,
              `${log ? 'log-' : ''}softmax axis ${axis}`,
              [{ x }],
              (ts) =>
                k ? k({ x: info(ts[0]), axis, log, out: { shape: x.shape, dtype: ctx.dtype } }) : null,
              (ts) => pg.softmaxComposed(ts[0], axis, log),
              log ? ref.logSoftmax(x, axis) : ref.softmax(x, axis),
              x.shape[axis],
            )),
          );
        }
      }
      return checks;
    }),
    defineCase('fused/softmaxBackward', 'softmaxBackward', 'fused-vs-composition', async (ctx) => {
      const x = uniform([3, 5], -3, 3, 215, ctx.dtype);
      const dy = uniform([3, 5], -1, 1, 216, ctx.dtype);
      const k = ctx.backend.kernels.softmaxBackward;
      const checks: Check[] = [];
      for (const log of [false, true]) {
        const y = log ? ref.logSoftmax(x, 1) : ref.softmax(x, 1);
        const yStored = { shape: y.shape, data: ctx.stored(y.data) };
        checks.push(
          ...(await fusedChecks(
            ctx,
            `${log ? 'log-' : ''}softmax backward`,
            [{ x: yStored }, { x: dy }],
            (ts) =>
              k
                ? k({
                    y: info(ts[0]),
                    dy: info(ts[1]),
                    axis: 1,
                    log,
                    out: { shape: x.shape, dtype: ctx.dtype },
                  })
                : null,
            (ts) => pg.softmaxBackwardComposed(ts[0], ts[1], 1, log),
            log ? ref.logSoftmaxBackward(yStored, dy, 1) : ref.softmaxBackward(yStored, dy, 1),
            5,
          )),
        );
      }
      return checks;
    }),
    defineCase('fused/crossEntropy', 'crossEntropy', 'fused-vs-composition', async (ctx) => {
      const x = uniform([4, 6], -4, 4, 217, ctx.dtype);
      const labels = integers([4], 0, 6, 218);
      const k = ctx.backend.kernels.crossEntropy;
      return fusedChecks(
        ctx,
        'cross-entropy',
        [{ x }, { x: labels, int: true }],
        (ts) =>
          k ? k({ logits: info(ts[0]), labels: info(ts[1]), out: { shape: [4], dtype: ctx.dtype } }) : null,
        (ts) => pg.crossEntropyComposed(ts[0], ts[1]),
        ref.crossEntropy(x, labels),
        6,
      );
    }),
    defineCase('fused/crossEntropyBackward', 'crossEntropyBackward', 'fused-vs-composition', async (ctx) => {
      const x = uniform([4, 6], -4, 4, 219, ctx.dtype);
      const labels = integers([4], 0, 6, 220);
      const dloss = uniform([4], 0.5, 1.5, 221, ctx.dtype);
      const k = ctx.backend.kernels.crossEntropyBackward;
      return fusedChecks(
        ctx,
        'cross-entropy backward',
        [{ x }, { x: labels, int: true }, { x: dloss }],
        (ts) =>
          k
            ? k({
                logits: info(ts[0]),
                labels: info(ts[1]),
                dloss: info(ts[2]),
                out: { shape: x.shape, dtype: ctx.dtype },
              })
            : null,
        (ts) => pg.crossEntropyBackwardComposed(ts[0], ts[1], ts[2]),
        ref.crossEntropyBackward(x, labels, dloss),
        6,
      );
    }),
  ];
  for (const op of ['relu', 'sigmoid', 'tanh', 'softplus'] as const) {
    cases.push(
      defineCase(
        `fused/activationBackward/${op}`,
        'activationBackward',
        'fused-vs-composition',
        async (ctx) => {
          const x = uniform([3, 4], -3, 3, 222, ctx.dtype, 0.05);
          const y = { shape: x.shape, data: ctx.stored(ref.unary(op, x).data) };
          const dy = uniform([3, 4], -1, 1, 223, ctx.dtype);
          const k = ctx.backend.kernels.activationBackward;
          // y is the stored forward output; the reference uses f'(x) from x itself.
          return fusedChecks(
            ctx,
            `${op} backward`,
            [{ x }, { x: y }, { x: dy }],
            (ts) =>
              k
                ? k({
                    op,
                    x: info(ts[0]),
                    y: info(ts[1]),
                    dy: info(ts[2]),
                    out: { shape: x.shape, dtype: ctx.dtype },
                  })
                : null,
            (ts) => pg.activationGradComposed(op, ts[2], ts[0], ts[1]),
            ref.activationBackward(op, x, dy),
            1,
          );
        },
      ),
    );
  }
  return cases;
}
