/**
 * The blocked GEMM against a naive float64 product, at sizes on both sides of
 * every tile and block edge: the 4-row × 8-column (float64: 4 × 4) register
 * tile, the 256-deep K slice (C accumulated across slices), the 256-column
 * chunk, the threading threshold (2^20 multiply-adds) and the row split used
 * when C has few columns. Tolerances are the conformance suite's.
 */
import { tolerance } from '@polygrad/conformance';
import type { DType } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { backend, info, stored, upload, values } from './helpers.js';

interface Case {
  readonly batch: number;
  readonly ba: number;
  readonly bb: number;
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

const SHAPES: Case[] = [
  { batch: 1, ba: 1, bb: 1, M: 1, N: 1, K: 1 },
  { batch: 1, ba: 1, bb: 1, M: 3, N: 5, K: 7 },
  { batch: 1, ba: 1, bb: 1, M: 4, N: 8, K: 16 },
  { batch: 1, ba: 1, bb: 1, M: 5, N: 9, K: 17 },
  { batch: 1, ba: 1, bb: 1, M: 13, N: 17, K: 255 },
  { batch: 1, ba: 1, bb: 1, M: 8, N: 8, K: 256 },
  { batch: 1, ba: 1, bb: 1, M: 9, N: 7, K: 257 },
  { batch: 1, ba: 1, bb: 1, M: 33, N: 300, K: 40 },
  { batch: 1, ba: 1, bb: 1, M: 64, N: 520, K: 300 }, // 3 column chunks, 2 K slices, threaded
  { batch: 1, ba: 1, bb: 1, M: 300, N: 20, K: 520 }, // few columns: rows split across threads
  { batch: 1, ba: 1, bb: 1, M: 6, N: 3, K: 0 },
  { batch: 3, ba: 1, bb: 3, M: 5, N: 12, K: 9 },
  { batch: 2, ba: 2, bb: 1, M: 7, N: 10, K: 260 },
  { batch: 4, ba: 4, bb: 4, M: 40, N: 72, K: 100 }, // batched and threaded
];

/** C = op(A)·op(B) in float64 from the stored inputs. */
function reference(
  A: Float64Array,
  B: Float64Array,
  c: Case,
  tA: boolean,
  tB: boolean,
  bias: Float64Array | null,
): Float64Array {
  const { batch, ba, bb, M, N, K } = c;
  const out = new Float64Array(batch * M * N);
  for (let b = 0; b < batch; b++) {
    const ao = ba === 1 ? 0 : b * M * K;
    const bo = bb === 1 ? 0 : b * K * N;
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = bias ? bias[n] : 0;
        for (let k = 0; k < K; k++) {
          const av = tA ? A[ao + k * M + m] : A[ao + m * K + k];
          const bv = tB ? B[bo + n * K + k] : B[bo + k * N + n];
          s += av * bv;
        }
        out[b * M * N + m * N + n] = s;
      }
    }
  }
  return out;
}

function expectClose(
  actual: ArrayLike<number>,
  expected: Float64Array,
  dtype: DType,
  k: number,
  what: string,
) {
  const tol = tolerance('float64', dtype, k, 1);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) - (tol.atol + tol.rtol * Math.abs(expected[i]));
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(at, `${what}: element ${at} is ${actual[at]}, expected ${expected[at]}`).toBe(-1);
}

describe.each([1, 2])('matmul with %i thread(s)', (threads) => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const c of SHAPES) {
      it(`${dtype} [${c.batch}] ${c.M}x${c.K} · ${c.K}x${c.N} (Ba=${c.ba}, Bb=${c.bb}), all transposes`, async () => {
        const be = await backend({ threads });
        const A = stored(values(c.ba * c.M * c.K, c.M * 31 + c.K), dtype);
        const B = stored(values(c.bb * c.K * c.N, c.N * 17 + c.K + 5), dtype);
        const ha = upload(be, A, dtype);
        const hb = upload(be, B, dtype);
        for (const tA of [false, true]) {
          for (const tB of [false, true]) {
            const out = be.kernels.matmul({
              a: info(ha, tA ? [c.ba, c.K, c.M] : [c.ba, c.M, c.K], dtype),
              b: info(hb, tB ? [c.bb, c.N, c.K] : [c.bb, c.K, c.N], dtype),
              transposeA: tA,
              transposeB: tB,
              out: { shape: [c.batch, c.M, c.N], dtype },
            });
            expectClose(be.readSync!(out), reference(A, B, c, tA, tB, null), dtype, c.K, `tA=${tA} tB=${tB}`);
            be.free(out);
          }
        }
        be.free(ha);
        be.free(hb);
        expect(be.memory().buffers).toBe(0);
      });
    }

    for (const [N, inF, outF] of [
      [5, 300, 13],
      [128, 784, 256],
      [3, 7, 1],
    ]) {
      it(`${dtype} linear ${N}x${inF} -> ${outF} with and without bias`, async () => {
        const be = await backend({ threads });
        const x = stored(values(N * inF, N + inF), dtype);
        const w = stored(values(outF * inF, outF), dtype);
        const bias = stored(values(outF, 3), dtype);
        const hx = upload(be, x, dtype);
        const hw = upload(be, w, dtype);
        const hbias = upload(be, bias, dtype);
        const c: Case = { batch: 1, ba: 1, bb: 1, M: N, N: outF, K: inF };
        for (const withBias of [true, false]) {
          const out = be.kernels.linear!({
            x: info(hx, [N, inF], dtype),
            weight: info(hw, [outF, inF], dtype),
            bias: withBias ? info(hbias, [outF], dtype) : null,
            out: { shape: [N, outF], dtype },
          });
          expectClose(
            be.readSync!(out),
            reference(x, w, c, false, true, withBias ? bias : null),
            dtype,
            inF,
            'linear',
          );
          be.free(out);
        }
        for (const h of [hx, hw, hbias]) be.free(h);
      });
    }
  }
});
