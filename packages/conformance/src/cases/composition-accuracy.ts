/**
 * Core's compositions are as accurate as fused kernels: softmax, log-softmax
 * and cross-entropy at ±1000 in float32, on every backend — the primitives-only
 * toy runs core's compositions, others their fused kernels.
 *
 * The inputs are chosen so that x − max(x) is exact in the dtype (integers and
 * halves well inside its range): the rest of a good implementation's error is
 * a few ulps of each output, so the checks take no input-magnitude term
 * (`inputs` is not given). The older composition x − logsumexp(x) rounds
 * logsumexp near 1000 and misses by ~3e-5 here (tolerance ~2.5e-6). The
 * float64 reference is computed the accurate way too (the generic reference's
 * x − logsumexp(x) is itself off by ~1e-13 at 1000, beyond a float64 tolerance).
 */
import * as pg from '@polygrad/core';
import { stored } from '../data.js';
import type { NDArray } from '../reference/ndarray.js';
import type { CaseContext, ConformanceCase } from '../types.js';
import { defineCase, evaluate, numeric, up } from './util.js';

/** Rows of ±1000 with entries a small distance below the max (the row first). */
function rows(ctx: CaseContext): NDArray {
  return {
    shape: [3, 7],
    data: stored(
      [
        ...[1000, 0, -1000, 999, 3, -5, 1],
        ...[-1000, -999.5, -1001, -1000, -998, -1003, -1000.5],
        ...[999.5, 1000, 998, 1000, -1000, 997.5, 999],
      ],
      ctx.dtype,
    ),
  };
}

/** Per row of [n, c]: the shifted logits x − m and log Σ exp(x − m), in float64. */
function shifted(x: NDArray): { z: Float64Array; logSum: Float64Array } {
  const [n, c] = x.shape;
  const z = new Float64Array(n * c);
  const logSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, x.data[i * c + j]);
    let s = 0;
    for (let j = 0; j < c; j++) {
      z[i * c + j] = x.data[i * c + j] - m;
      s += Math.exp(z[i * c + j]);
    }
    logSum[i] = Math.log(s);
  }
  return { z, logSum };
}

function reference(x: NDArray, labels: readonly number[]) {
  const [, c] = x.shape;
  const { z, logSum } = shifted(x);
  const row = (k: number): number => Math.floor(k / c);
  return {
    softmax: z.map((v, k) => Math.exp(v - logSum[row(k)])),
    logSoftmax: z.map((v, k) => v - logSum[row(k)]),
    crossEntropy: labels.map((label, i) => logSum[i] - z[i * c + label]),
  };
}

export function compositionAccuracyCases(): ConformanceCase[] {
  return [
    defineCase('stability/softmax/composition-accuracy-pm1000', 'softmax', 'stability', async (ctx) => {
      const x = rows(ctx);
      const expected = reference(x, []);
      const [p, logp] = await evaluate(ctx, () => [pg.softmax(up(ctx, x)), pg.logSoftmax(up(ctx, x))]);
      return [
        numeric('softmax at ±1000 to a few ulps of the output', p, expected.softmax, ctx.dtype, { k: 7 }),
        numeric('logSoftmax at ±1000 to a few ulps of the output', logp, expected.logSoftmax, ctx.dtype, {
          k: 7,
        }),
      ];
    }),
    defineCase(
      'stability/crossEntropy/composition-accuracy-pm1000',
      'crossEntropy',
      'stability',
      async (ctx) => {
        const x = rows(ctx);
        // The label is the entry just below the max: loss ≈ 1.3, where rounding near 1000 shows.
        const labels = { shape: [3], data: Float64Array.from([3, 1, 0]) };
        const expected = reference(x, Array.from(labels.data));
        const [loss] = await evaluate(ctx, () =>
          pg.softmaxCrossEntropy(up(ctx, x), up(ctx, labels, 'int32')),
        );
        return [
          numeric(
            'cross-entropy at ±1000 to a few ulps of the loss',
            loss,
            expected.crossEntropy,
            ctx.dtype,
            {
              k: 7,
            },
          ),
        ];
      },
    ),
  ];
}
