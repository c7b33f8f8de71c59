import type { DType } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { createGemmKernel, HEAP_BYTES } from '../src/kernels/matmul.js';
import { be, expectClose, free, randInt, randn, store, t, take } from './helpers.js';

const k = be.kernels;

/** Naive float64 batched matmul over logical (untransposed) views. */
function refMatmul(
  a: number[],
  b: number[],
  Ba: number,
  Bb: number,
  M: number,
  K: number,
  N: number,
  tA: boolean,
  tB: boolean,
): number[] {
  const B = Math.max(Ba, Bb);
  const out: number[] = [];
  for (let bt = 0; bt < B; bt++) {
    const ao = (Ba === 1 ? 0 : bt) * M * K;
    const bo = (Bb === 1 ? 0 : bt) * K * N;
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let p = 0; p < K; p++) {
          const av = tA ? a[ao + p * M + i] : a[ao + i * K + p];
          const bv = tB ? b[bo + j * K + p] : b[bo + p * N + j];
          s += av * bv;
        }
        out.push(s);
      }
  }
  return out;
}

function check(
  Ba: number,
  Bb: number,
  M: number,
  K: number,
  N: number,
  tA: boolean,
  tB: boolean,
  dtype: DType,
): void {
  const av = randn(Ba * M * K, M * 7 + K, 1).map((v) => store(dtype, v));
  const bv = randn(Bb * K * N, N * 13 + K, 1).map((v) => store(dtype, v));
  const a = t(av, tA ? [Ba, K, M] : [Ba, M, K], dtype);
  const b = t(bv, tB ? [Bb, N, K] : [Bb, K, N], dtype);
  const B = Math.max(Ba, Bb);
  const got = take(k.matmul({ a, b, transposeA: tA, transposeB: tB, out: { shape: [B, M, N], dtype } }));
  const want = refMatmul(av, bv, Ba, Bb, M, K, N, tA, tB).map((v) => store(dtype, v));
  // float32 results are float64 sums rounded once; allow a few ulps of K-term sums.
  const tol =
    dtype === 'float32'
      ? { rtol: 1e-6, atol: 1e-6 * Math.sqrt(K + 1) }
      : { rtol: 1e-12, atol: 1e-12 * (K + 1) };
  expectClose(got, want, tol, `matmul ${dtype} Ba${Ba} Bb${Bb} ${M}x${K}x${N} tA=${tA} tB=${tB}`);
  free(a, b);
}

describe('matmul', () => {
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [2, 3, 4],
    [5, 7, 3],
    [17, 9, 13],
    [4, 4, 4],
    [33, 65, 31],
    [64, 300, 70],
    [130, 270, 9],
    [3, 520, 5],
    [1, 64, 1],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        it(`${dtype} tA=${tA} tB=${tB}`, () => {
          for (const [M, K, N] of sizes) check(1, 1, M, K, N, tA, tB, dtype);
        });
        it(`${dtype} batched with broadcast batch tA=${tA} tB=${tB}`, () => {
          check(3, 3, 5, 6, 7, tA, tB, dtype);
          check(3, 1, 20, 40, 30, tA, tB, dtype);
          check(1, 4, 20, 40, 30, tA, tB, dtype);
          check(2, 2, 40, 300, 36, tA, tB, dtype);
        });
      }
    }
  }

  it('blocked path beyond one K/M/N block (KC=256, MC=96, NC=1024)', () => {
    check(1, 1, 131, 517, 67, false, false, 'float64');
    check(1, 1, 131, 517, 67, true, true, 'float32');
    check(1, 1, 9, 5, 1030, false, true, 'float64');
    check(1, 1, 98, 260, 1027, true, false, 'float32');
  });

  // The blocked GEMM packs zero-padded 4×2 (MR×NR) strips; hit every row and column remainder.
  for (const dtype of ['float32', 'float64'] as const) {
    it(`blocked path, every 4×2 tile remainder, ${dtype}`, () => {
      for (const tA of [false, true])
        for (const tB of [false, true])
          for (const M of [40, 41, 42, 43]) for (const N of [30, 31]) check(1, 1, M, 20, N, tA, tB, dtype);
    });
  }

  it('GEMM kernel compiled from source matches the TypeScript asm.js module bit for bit', () => {
    const run = (fromSource: boolean): Float64Array => {
      const heap = new ArrayBuffer(HEAP_BYTES);
      const h = new Float64Array(heap);
      const kc = 37;
      const mcp = 12;
      const ncp = 10;
      const a = randn(kc * mcp, 5);
      const b = randn(kc * ncp, 6);
      const aOff = kc * ncp;
      const cOff = aOff + kc * mcp;
      for (let i = 0; i < b.length; i++) h[i] = b[i];
      for (let i = 0; i < a.length; i++) h[aOff + i] = a[i];
      createGemmKernel(heap, fromSource).macro(kc, mcp, ncp, aOff * 8, 0, cOff * 8, ncp * 8);
      return h.slice(cOff, cOff + mcp * ncp);
    };
    const fromSource = run(true);
    expect(Array.from(fromSource)).toEqual(Array.from(run(false)));
    // Spot-check one entry against the packed layout: C(i,j) = Σ_k A[strip(i)][k][i%4] · B[strip(j)][k][j%2].
    const a = randn(37 * 12, 5);
    const b = randn(37 * 10, 6);
    let s = 0;
    for (let k = 0; k < 37; k++) s += a[1 * 37 * 4 + k * 4 + 2] * b[2 * 37 * 2 + k * 2 + 1];
    expect(fromSource[6 * 10 + 5]).toBeCloseTo(s, 12);
  });

  it('empty dims: M/N = 0 give empty, K = 0 gives zeros', () => {
    const a = t([], [1, 0, 3]);
    const b = t(randn(12, 1), [1, 3, 4]);
    expect(
      take(
        k.matmul({ a, b, transposeA: false, transposeB: false, out: { shape: [1, 0, 4], dtype: 'float64' } }),
      ),
    ).toEqual([]);
    const a2 = t([], [2, 3, 0]);
    const b2 = t([], [1, 0, 4]);
    expect(
      take(
        k.matmul({
          a: a2,
          b: b2,
          transposeA: false,
          transposeB: false,
          out: { shape: [2, 3, 4], dtype: 'float64' },
        }),
      ),
    ).toEqual(new Array(24).fill(0));
    free(a, b, a2, b2);
  });

  it('int32 matmul wraps', () => {
    const av = randInt(2 * 5 * 6, -100000, 100000, 1);
    const bv = randInt(6 * 3, -100000, 100000, 2);
    const a = t(av, [2, 5, 6], 'int32');
    const b = t(bv, [1, 3, 6], 'int32');
    const got = take(
      k.matmul({ a, b, transposeA: false, transposeB: true, out: { shape: [2, 5, 3], dtype: 'int32' } }),
    );
    const want: number[] = [];
    for (let bt = 0; bt < 2; bt++)
      for (let i = 0; i < 5; i++)
        for (let j = 0; j < 3; j++) {
          let s = 0n;
          for (let p = 0; p < 6; p++) s += BigInt(av[bt * 30 + i * 6 + p]) * BigInt(bv[j * 6 + p]);
          want.push(Number(BigInt.asIntN(32, s)));
        }
    expect(got).toEqual(want);
    free(a, b);
  });

  it('propagates NaN and Inf', () => {
    const a = t([NaN, 1, Infinity, 0, 1, 1], [1, 2, 3]);
    const b = t([1, 1, 1, 1, 1, 1], [1, 3, 2]);
    const got = take(
      k.matmul({ a, b, transposeA: false, transposeB: false, out: { shape: [1, 2, 2], dtype: 'float64' } }),
    );
    expect(got[0]).toBeNaN();
    expect(got[1]).toBeNaN();
    expect(got.slice(2)).toEqual([2, 2]);
    free(a, b);
  });
});

describe('linear (fused)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`x·Wᵀ + b, ${dtype}`, () => {
      for (const [N, inF, outF, withBias] of [
        [4, 3, 2, true],
        [64, 100, 50, true],
        [33, 7, 129, false],
        [0, 4, 3, true],
      ] as const) {
        const xv = randn(N * inF, 1).map((v) => store(dtype, v));
        const wv = randn(outF * inF, 2).map((v) => store(dtype, v));
        const bv = randn(outF, 3).map((v) => store(dtype, v));
        const x = t(xv, [N, inF], dtype);
        const w = t(wv, [outF, inF], dtype);
        const b = withBias ? t(bv, [outF], dtype) : null;
        const got = take(k.linear!({ x, weight: w, bias: b, out: { shape: [N, outF], dtype } }));
        const want: number[] = [];
        for (let i = 0; i < N; i++)
          for (let o = 0; o < outF; o++) {
            let s = withBias ? bv[o] : 0;
            for (let p = 0; p < inF; p++) s += xv[i * inF + p] * wv[o * inF + p];
            want.push(store(dtype, s));
          }
        expectClose(
          got,
          want,
          dtype === 'float32' ? { rtol: 1e-6, atol: 1e-5 } : { rtol: 1e-12, atol: 1e-12 },
          `linear ${N}x${inF}->${outF}`,
        );
        free(x, w, b);
      }
    });
  }
});
