/**
 * The differences between TF.js's kernels and Polygrad's contract that the
 * adapter corrects (src/fixes.ts), each checked against an independent
 * reference on both backends — including inputs the shared suite does not
 * reach (int32 past 2^24, log1p of tiny x, indices out of range) — and the
 * probes that find them, which name the TF.js behaviour they correct.
 */
import '../src/node.js';
import { tolerance } from '@polygrad/conformance';
import {
  type Backend,
  type DataHandle,
  type DType,
  initBackend,
  type OutSpec,
  type TensorInfo,
} from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

const F32 = Math.fround;
const ulpTol = (expected: number) => 4 * 2 ** -23 * Math.abs(expected) + 1e-45;

describe.each(['tfjs-cpu', 'tfjs-wasm'])('%s', (name) => {
  let b: Backend;
  const made: DataHandle[] = [];
  beforeAll(async () => {
    b = await initBackend(name);
  });
  const up = (values: number[], shape: number[], dtype: DType = 'float32'): TensorInfo => {
    const arr =
      dtype === 'float32'
        ? Float32Array.from(values)
        : dtype === 'int32'
          ? Int32Array.from(values)
          : Uint8Array.from(values);
    const handle = b.upload(arr, dtype);
    made.push(handle);
    return { handle, shape, dtype };
  };
  const read = (h: DataHandle): number[] => {
    const v = Array.from(b.readSync!(h));
    b.free(h);
    return v;
  };
  const out = (shape: number[], dtype: DType = 'float32'): OutSpec => ({ shape, dtype });
  const freeInputs = () => {
    for (const h of made.splice(0)) b.free(h);
  };

  it('int32 mul and square wrap exactly modulo 2^32 (tfjs-cpu multiplies in float64)', () => {
    const vals = [2147483647, -2147483648, 123456789, -987654321, 65537, 46341, -1, 0, 1 << 30, 7];
    const a: number[] = [];
    const c: number[] = [];
    for (const x of vals) {
      for (const y of vals) {
        a.push(x);
        c.push(y);
      }
    }
    const A = up(a, [a.length], 'int32');
    const B = up(c, [c.length], 'int32');
    expect(read(b.kernels.binary({ op: 'mul', a: A, b: B, out: out([a.length], 'int32') }))).toEqual(
      a.map((x, i) => Math.imul(x, c[i])),
    );
    expect(read(b.kernels.unary({ op: 'square', x: A, out: out([a.length], 'int32') }))).toEqual(
      a.map((x) => Math.imul(x, x)),
    );
    freeInputs();
  });

  it('int32 neg and abs stay exact past 2^24 and wrap at -2^31', () => {
    const vals = [123456789, -123456789, 2147483647, -2147483648, 16777217, -16777217, 0, -5];
    const X = up(vals, [vals.length], 'int32');
    expect(read(b.kernels.unary({ op: 'neg', x: X, out: out([vals.length], 'int32') }))).toEqual(
      vals.map((v) => -v | 0),
    );
    expect(read(b.kernels.unary({ op: 'abs', x: X, out: out([vals.length], 'int32') }))).toEqual(
      vals.map((v) => Math.abs(v) | 0),
    );
    freeInputs();
  });

  it('int32 prod wraps exactly, over one axis, several axes and odd lengths', () => {
    const vals = [2147483647, 3, -65537, 123456789, 99991, -7, 2, 1 << 20, 1 << 13, 5, -3, 11, 13, 17, 19];
    const X = up(vals, [3, 5], 'int32');
    const rows = [0, 1, 2].map((r) => vals.slice(r * 5, r * 5 + 5).reduce((p, v) => Math.imul(p, v), 1));
    const cols = [0, 1, 2, 3, 4].map((k) => [0, 1, 2].reduce((p, r) => Math.imul(p, vals[r * 5 + k]), 1));
    const all = vals.reduce((p, v) => Math.imul(p, v), 1);
    expect(read(b.kernels.reduce({ op: 'prod', x: X, axes: [1], out: out([3], 'int32') }))).toEqual(rows);
    expect(read(b.kernels.reduce({ op: 'prod', x: X, axes: [0], out: out([5], 'int32') }))).toEqual(cols);
    expect(read(b.kernels.reduce({ op: 'prod', x: X, axes: [0, 1], out: out([], 'int32') }))).toEqual([all]);
    freeInputs();
  });

  it('int32 pad keeps a constant past 2^24 exact (tfjs-wasm rounds it through float32)', () => {
    const X = up([2147483647, -5], [2], 'int32');
    expect(read(b.kernels.pad({ x: X, before: [1], value: 16777217, out: out([4], 'int32') }))).toEqual([
      16777217, 2147483647, -5, 16777217,
    ]);
    expect(read(b.kernels.pad({ x: X, before: [0], value: -7, out: out([3], 'int32') }))).toEqual([
      2147483647, -5, -7,
    ]);
    freeInputs();
  });

  it('log1p keeps full relative precision for tiny x (tfjs-wasm computes log(1 + x))', () => {
    const vals = [1e-10, -1e-10, 3e-8, 1e-6, -1e-4, 0.5, 2, 1e30, -1, -2, 0];
    const X = up(vals, [vals.length]);
    const got = read(b.kernels.unary({ op: 'log1p', x: X, out: out([vals.length]) }));
    vals.forEach((v, i) => {
      const e = Math.log1p(F32(v));
      if (Number.isNaN(e)) expect(got[i]).toBeNaN();
      else if (!Number.isFinite(e)) expect(got[i]).toBe(e);
      else expect(Math.abs(got[i] - e), `log1p(${v})`).toBeLessThanOrEqual(ulpTol(e));
    });
    const special = up([Number.POSITIVE_INFINITY, Number.NaN], [2]);
    const s = read(b.kernels.unary({ op: 'log1p', x: special, out: out([2]) }));
    expect(s[0]).toBe(Number.POSITIVE_INFINITY);
    expect(s[1]).toBeNaN();
    freeInputs();
  });

  it('maximum and minimum propagate NaN from either operand, with broadcasting', () => {
    const A = up([Number.NaN, 1, 2, -3, 0, Number.NaN], [2, 3]);
    const B = up([1, Number.NaN, -1], [3]);
    const mx = read(b.kernels.binary({ op: 'maximum', a: A, b: B, out: out([2, 3]) }));
    const mn = read(b.kernels.binary({ op: 'minimum', a: A, b: B, out: out([2, 3]) }));
    expect(mx.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual(['NaN', 'NaN', 2, 1, 'NaN', 'NaN']);
    expect(mn.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual(['NaN', 'NaN', -1, -3, 'NaN', 'NaN']);
    freeInputs();
  });

  it('cast to bool is x != 0 with NaN true and stores 0/1 (tfjs-wasm keeps the raw value)', () => {
    const X = up([0, -0, Number.NaN, 2, -0.5, Number.POSITIVE_INFINITY], [6]);
    expect(read(b.kernels.cast({ x: X, out: out([6], 'bool') }))).toEqual([0, 0, 1, 1, 1, 1]);
    const I = up([0, 7, -1], [3], 'int32');
    expect(read(b.kernels.cast({ x: I, out: out([3], 'bool') }))).toEqual([0, 1, 1]);
    freeInputs();
  });

  it('sign keeps NaN, argmax/argmin count the first NaN as the extreme', () => {
    const X = up([Number.NaN, -2, 0, 3], [4]);
    const s = read(b.kernels.unary({ op: 'sign', x: X, out: out([4]) }));
    expect(s[0]).toBeNaN();
    expect(s.slice(1)).toEqual([-1, 0, 1]);
    const M = up([1, Number.NaN, 3, Number.NaN, 5, 5, 2, 0, 0], [3, 3]);
    expect(read(b.kernels.argReduce({ op: 'argmax', x: M, axis: 1, out: out([3], 'int32') }))).toEqual([
      1, 0, 0,
    ]);
    expect(read(b.kernels.argReduce({ op: 'argmin', x: M, axis: 1, out: out([3], 'int32') }))).toEqual([
      1, 0, 1,
    ]);
    freeInputs();
  });

  it('sign is ±1 for every nonzero x, however tiny (tfjs-wasm flushes |x| < FLT_EPSILON to 0)', () => {
    const vals = [-1e-30, 1e-30, -1e-38, 1e-40, -1e-40, -1e-7, 1e-7, 1.1e-7, -2e-7, 0.5, -3, 0, -0, 1e30];
    const X = up(vals, [vals.length]);
    const got = read(b.kernels.unary({ op: 'sign', x: X, out: out([vals.length]) }));
    // Reference: Math.sign of the stored float32 value (1e-40 is a float32 subnormal, still nonzero).
    expect(got).toEqual(vals.map((v) => Math.sign(F32(v)) || 0));
    // The L1 term of the SGD kernel uses the same sign: p' = p − lr·(g + l1·sign(p)).
    const params = [-1e-30, 1e-30, -1e-8, 2e-8, 0, 4];
    const P = up(params, [6]);
    const G = up([0, 0, 0, 0, 0, 0], [6]);
    const r = b.kernels.sgdUpdate!({
      param: P,
      grad: G,
      velocity: null,
      lr: 0.5,
      momentum: 0,
      dampening: 0,
      nesterov: false,
      weightDecay: 0,
      l1: 0.25,
      firstStep: true,
    });
    expect(read(r.param)).toEqual(params.map((p) => F32(F32(p) - F32(0.5 * 0.25 * Math.sign(F32(p))))));
    freeInputs();
  });

  it('long float32 sums stay within the contract (tfjs-wasm adds every term to one float32 accumulator)', () => {
    // Squared deviations of MNIST-like pixels (mostly 0, some k/255) from their mean: many equal small
    // terms, which a long sequential float32 sum rounds the same way each time: tfjs-wasm's own sum is
    // 0.15% off here, 3× the contract's bound 8·ε·sqrt(n).
    const rows = 3;
    const len = 100003; // not a multiple of the block
    const vals = Array.from({ length: rows * len }, (_, i) => {
      const q = i % 5 === 0 ? (i * 37) % 256 : 0;
      return F32((q / 255 - 0.1315) ** 2);
    });
    const S = vals.reduce((m, v) => Math.max(m, v), 0);
    const within = (got: number, terms: number[], what: string) => {
      const expected = terms.reduce((a, v) => a + v, 0); // float64 sum of the stored values
      const tol = tolerance('float32', 'float32', terms.length, S);
      expect(Math.abs(got - expected), `${what}: got ${got}, expected ${expected}`).toBeLessThanOrEqual(
        tol.atol + tol.rtol * Math.abs(expected),
      );
    };
    const X = up(vals, [rows, len]);
    const all = read(b.kernels.reduce({ op: 'sum', x: X, axes: [0, 1], out: out([]) }));
    within(all[0], vals, 'sum of everything');
    const byRow = read(b.kernels.reduce({ op: 'sum', x: X, axes: [1], out: out([rows]) }));
    for (let r = 0; r < rows; r++) within(byRow[r], vals.slice(r * len, (r + 1) * len), `row ${r}`);
    // The reduced axis first: moved last before the blocks are summed.
    const T = up(vals, [len, rows]);
    const byCol = read(b.kernels.reduce({ op: 'sum', x: T, axes: [0], out: out([rows]) }));
    for (let k = 0; k < rows; k++)
      within(
        byCol[k],
        vals.filter((_, i) => i % rows === k),
        `column ${k}`,
      );
    // NaN and ±∞ propagate through the blocks.
    const inf = Number.POSITIVE_INFINITY;
    const head = vals.slice(0, 99);
    const special = up([...head, 1, inf, ...head, 1, Number.NaN, ...head, inf, -inf], [3, 101]);
    const sp = read(b.kernels.reduce({ op: 'sum', x: special, axes: [1], out: out([3]) }));
    expect(sp[0]).toBe(inf);
    expect(sp[1]).toBeNaN();
    expect(sp[2]).toBeNaN();
    freeInputs();
  });

  it('gather writes 0 for indices out of range, on any axis (tf.gather throws)', () => {
    const X = up([1, 2, 3, 4, 5, 6], [2, 3]);
    const I = up([2, -1, 3, 0], [2, 2], 'int32');
    expect(read(b.kernels.gather({ x: X, indices: I, axis: 1, out: out([2, 2, 2]) }))).toEqual([
      3, 0, 0, 1, 6, 0, 0, 4,
    ]);
    freeInputs();
  });

  it('scatterAdd sums duplicates and ignores indices out of range, with leading and trailing dims', () => {
    // out [2, 3, 2] along axis 1; updates [2, 4, 2]; indices [4] = [2, 0, 2, 5]
    const u = Array.from({ length: 16 }, (_, i) => i + 1);
    const U = up(u, [2, 4, 2]);
    const idx = [2, 0, 2, 5];
    const I = up(idx, [4], 'int32');
    const expected = new Array(12).fill(0);
    for (let p = 0; p < 2; p++)
      for (let j = 0; j < 4; j++)
        for (let s = 0; s < 2; s++)
          if (idx[j] >= 0 && idx[j] < 3) expected[p * 6 + idx[j] * 2 + s] += u[p * 8 + j * 2 + s];
    expect(read(b.kernels.scatterAdd({ updates: U, indices: I, axis: 1, out: out([2, 3, 2]) }))).toEqual(
      expected,
    );
    freeInputs();
  });

  it('linear adds the bias per output feature (tfjs-wasm fused matMul misplaces it with transposeB)', () => {
    const X = up([1, 2, 3, 4, 5, 6, 1, 0, 0], [3, 3]);
    const W = up([1, 0, 0, 0, 1, 0], [2, 3]);
    const bias = up([10, 20], [2]);
    expect(read(b.kernels.linear!({ x: X, weight: W, bias, out: out([3, 2]) }))).toEqual([
      11, 22, 14, 25, 11, 20,
    ]);
    freeInputs();
  });

  it('reductions of empty axes give the identities, matmul with K = 0 gives zeros', () => {
    const E = up([], [0, 3]);
    const ops = ['sum', 'prod', 'max', 'min'] as const;
    const ids = [0, 1, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    ops.forEach((op, i) => {
      expect(read(b.kernels.reduce({ op, x: E, axes: [0], out: out([3]) }))).toEqual([
        ids[i],
        ids[i],
        ids[i],
      ]);
    });
    const EI = up([], [0, 2], 'int32');
    expect(read(b.kernels.reduce({ op: 'max', x: EI, axes: [0], out: out([2], 'int32') }))).toEqual([
      -2147483648, -2147483648,
    ]);
    const A = up([], [1, 2, 0]);
    const B = up([], [1, 0, 3]);
    expect(
      read(b.kernels.matmul({ a: A, b: B, transposeA: false, transposeB: false, out: out([1, 2, 3]) })),
    ).toEqual([0, 0, 0, 0, 0, 0]);
    freeInputs();
  });

  it('reports the TF.js differences it corrects in deviceInfo().fixes', () => {
    const fixes = String(b.deviceInfo().fixes).split(',');
    const expected =
      name === 'tfjs-cpu'
        ? ['int32MulInexact', 'int32ProdInexact', 'int32AbsInexact']
        : [
            'maxMinDropNaN',
            'int32NegInexact',
            'int32AbsInexact',
            'log1pCancels',
            'signFlushesTiny',
            'sumAccumulatesSequentially',
            'int32PadValueInexact',
            'fusedBiasTransposedWrong',
          ];
    expect(fixes.sort()).toEqual(expected.sort());
  });

  it('leaves the tensors of TF.js the app uses untouched and restores its active backend', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const X = up([1, 2], [2]);
    read(b.kernels.unary({ op: 'exp', x: X, out: out([2]) }));
    freeInputs();
    expect(tf.memory().numTensors).toBe(before);
  });
});
