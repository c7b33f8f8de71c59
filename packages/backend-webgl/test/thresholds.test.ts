/**
 * Every size threshold of this backend, crossed, against the conformance
 * suite's float64 references with its tolerance model (the shared suite uses
 * small shapes, which stay on the single-pass paths):
 * - matmul/linear: direct kernel vs packed RGBA path (DIRECT_MAX_WORK), K not a
 *   multiple of 4, every transpose combination, broadcast batches, and K past
 *   one packed pass (KQ_CHUNK texels); the 2×2-blocked product and, past the
 *   largest texture side, the 1×4 fallback with 2-D and with flat operands;
 * - reductions and arg-reductions past REDUCE_CHUNK (multi-pass), NaN in a later chunk;
 * - scatterAdd past its index chunk; concat of more inputs than one kernel reads.
 */

import { inputScale, reference as ref, tolerance } from '@polygrad/conformance';
import { type DataHandle, type DType, initBackend } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { CONCAT_GROUP, SCATTER_CHUNK } from '../src/kernels/layout.js';
import { DIRECT_MAX_WORK, KQ_CHUNK } from '../src/kernels/matmul.js';
import { REDUCE_CHUNK } from '../src/kernels/reduce.js';
import type { WebGLBackend } from '../src/node.js';
import { unavailableMessage, webglStatus } from './webgl-status.js';

const status = await webglStatus();
/** The device's largest texture side: the 1×4 fallback of matmul starts past it. */
const maxSide = status.available ? Number((await initBackend('webgl')).deviceInfo().maxTextureSize) : 0;

type ND = { shape: number[]; data: Float64Array };

function random(shape: number[], seed: number): ND {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = Math.fround((s / 2 ** 32) * 2 - 1);
  }
  return { shape, data };
}

function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  k: number,
  inputs: ND[],
  label: string,
) {
  const tol = tolerance('float32', 'float32', k, inputScale(inputs.map((x) => x.data)));
  expect(actual.length, label).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (Number.isNaN(e)) {
      expect(Number.isNaN(a), `${label}[${i}]: expected NaN, got ${a}`).toBe(true);
      continue;
    }
    const err = Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e));
    if (err > worst) worst = err;
    expect(err <= 0, `${label}[${i}]: got ${a}, expected ${e} (atol ${tol.atol}, rtol ${tol.rtol})`).toBe(
      true,
    );
  }
}

describe.runIf(status.available)('webgl paths past every threshold', () => {
  const be = async () => (await initBackend('webgl')) as WebGLBackend;
  const up = (b: WebGLBackend, x: ND, dtype: DType = 'float32') => ({
    handle: b.upload(dtype === 'int32' ? Int32Array.from(x.data) : Float32Array.from(x.data), dtype),
    shape: x.shape,
    dtype,
  });
  const read = (b: WebGLBackend, h: DataHandle) => {
    const r = Array.from(b.readSync?.(h) ?? []);
    b.free(h);
    return r;
  };

  const cases: { name: string; batch: [number, number]; M: number; N: number; K: number }[] = [
    { name: 'packed, K % 4 = 3, N % 4 = 1', batch: [1, 1], M: 37, N: 61, K: 515 },
    { name: 'packed, broadcast batch of A', batch: [1, 3], M: 33, N: 40, K: 300 },
    { name: 'packed, broadcast batch of B', batch: [2, 1], M: 60, N: 33, K: 301 },
    { name: `packed, K past one pass (${4 * KQ_CHUNK})`, batch: [1, 1], M: 12, N: 9, K: 4 * KQ_CHUNK + 6 },
    { name: 'direct (small)', batch: [2, 2], M: 7, N: 5, K: 9 },
    // 2·⌈N/2⌉ past the largest side: no 2×2-blocked layout; 2-D 1×4 operands still fit.
    { name: `1×4 fallback, 2-D operands (N = ${maxSide + 1})`, batch: [1, 1], M: 3, N: maxSide + 1, K: 40 },
    // ⌈M/2⌉ past the largest side: A does not fit as 2-D either, so operands are flat.
    {
      name: `1×4 fallback, flat operands (M = ${2 * maxSide + 1})`,
      batch: [1, 1],
      M: 2 * maxSide + 1,
      N: 5,
      K: 40,
    },
  ];
  for (const c of cases) {
    for (const [ta, tb] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      it(`matmul ${c.name}, transposeA ${ta}, transposeB ${tb}`, async () => {
        const b = await be();
        const [ba, bb] = c.batch;
        const batch = Math.max(ba, bb);
        if (!c.name.startsWith('direct')) expect(batch * c.M * c.N * c.K).toBeGreaterThan(DIRECT_MAX_WORK);
        const A = random([ba, ...(ta ? [c.K, c.M] : [c.M, c.K])], 1 + c.K);
        const B = random([bb, ...(tb ? [c.N, c.K] : [c.K, c.N])], 2 + c.N);
        const out = { shape: [batch, c.M, c.N], dtype: 'float32' as const };
        const ia = up(b, A);
        const ib = up(b, B);
        const got = read(b, b.kernels.matmul({ a: ia, b: ib, transposeA: ta, transposeB: tb, out }));
        b.free(ia.handle);
        b.free(ib.handle);
        expectClose(got, ref.matmul(A, B, ta, tb).data, c.K, [A, B], 'matmul');
      });
    }
  }

  it('linear with bias on the packed path', async () => {
    const b = await be();
    const [M, K, N] = [64, 130, 129];
    const X = random([M, K], 3);
    const W = random([N, K], 4);
    const bias = random([N], 5);
    const [ix, iw, ib] = [up(b, X), up(b, W), up(b, bias)];
    const got = read(
      b,
      b.kernels.linear?.({ x: ix, weight: iw, bias: ib, out: { shape: [M, N], dtype: 'float32' } }) ??
        ix.handle,
    );
    for (const h of [ix, iw, ib]) b.free(h.handle);
    const y = ref.matmul(X, W, false, true);
    const want = y.data.map((v, i) => v + bias.data[i % N]);
    expectClose(got, want, K + 1, [X, W, bias], 'linear');
  });

  it(`sum, max and argmax over ${3 * REDUCE_CHUNK + 5} elements (multi-pass), NaN in a later chunk`, async () => {
    const b = await be();
    const len = 3 * REDUCE_CHUNK + 5;
    const X = random([3, len], 6);
    X.data[2 * len + 2 * REDUCE_CHUNK + 7] = Number.NaN; // row 2, third chunk
    X.data[len + REDUCE_CHUNK + 1] = 5; // row 1's max in the second chunk …
    X.data[len + 2 * REDUCE_CHUNK + 1] = 5; // … tied in the third: the first wins
    const ix = up(b, X);
    const sum = read(
      b,
      b.kernels.reduce({ op: 'sum', x: ix, axes: [1], out: { shape: [3], dtype: 'float32' } }),
    );
    const max = read(
      b,
      b.kernels.reduce({ op: 'max', x: ix, axes: [1], out: { shape: [3], dtype: 'float32' } }),
    );
    const arg = read(
      b,
      b.kernels.argReduce({ op: 'argmax', x: ix, axis: 1, out: { shape: [3], dtype: 'int32' } }),
    );
    const all = read(
      b,
      b.kernels.reduce({ op: 'sum', x: ix, axes: [0, 1], out: { shape: [], dtype: 'float32' } }),
    );
    b.free(ix.handle);
    expectClose(sum.slice(0, 2), ref.reduce('sum', X, [1]).data.slice(0, 2), len, [X], 'sum');
    expect(Number.isNaN(sum[2])).toBe(true);
    expectClose(max, ref.reduce('max', X, [1]).data, 1, [X], 'max');
    expect(arg).toEqual(Array.from(ref.argReduce('argmax', X, 1).data));
    expect(arg[1]).toBe(REDUCE_CHUNK + 1);
    expect(Number.isNaN(all[0])).toBe(true);
  });

  it(`sum over a strided (non-last) axis of ${REDUCE_CHUNK + 3}`, async () => {
    const b = await be();
    const X = random([REDUCE_CHUNK + 3, 3, 2], 7);
    const ix = up(b, X);
    const got = read(
      b,
      b.kernels.reduce({ op: 'sum', x: ix, axes: [0, 2], out: { shape: [3], dtype: 'float32' } }),
    );
    b.free(ix.handle);
    expectClose(got, ref.reduce('sum', X, [0, 2]).data, (REDUCE_CHUNK + 3) * 2, [X], 'sum');
  });

  it(`scatterAdd of ${SCATTER_CHUNK + 10} updates (two passes)`, async () => {
    const b = await be();
    const J = SCATTER_CHUNK + 10;
    const U = random([J, 2], 8);
    const I = { shape: [J], data: Float64Array.from({ length: J }, (_, j) => (j * 7) % 5) };
    const [iu, ii] = [up(b, U), up(b, I, 'int32')];
    const got = read(
      b,
      b.kernels.scatterAdd({ updates: iu, indices: ii, axis: 0, out: { shape: [5, 2], dtype: 'float32' } }),
    );
    b.free(iu.handle);
    b.free(ii.handle);
    expectClose(got, ref.scatterAdd(U, I, 0, [5, 2]).data, J / 5, [U], 'scatterAdd');
  });

  it(`concat of ${2 * CONCAT_GROUP + 3} inputs (three kernels)`, async () => {
    const b = await be();
    const xs = Array.from({ length: 2 * CONCAT_GROUP + 3 }, (_, i) => random([2, 1 + (i % 3), 3], 20 + i));
    const ins = xs.map((x) => up(b, x));
    const total = xs.reduce((a, x) => a + x.shape[1], 0);
    const got = read(
      b,
      b.kernels.concat({ xs: ins, axis: 1, out: { shape: [2, total, 3], dtype: 'float32' } }),
    );
    for (const h of ins) b.free(h.handle);
    expect(got).toEqual(Array.from(ref.concat(xs, 1).data));
  });
});

it.runIf(!status.available)('thresholds: webgl', (ctx) => {
  if (status.required) throw new Error(unavailableMessage(status));
  ctx.skip(unavailableMessage(status));
});
