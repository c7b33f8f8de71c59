import type { BinaryOp, CompareOp, DType, UnaryOp } from '@polygrad/core';
import { BINARY_OPS, COMPARE_OPS, UNARY_OPS } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import {
  be,
  broadcastShape,
  expectClose,
  free,
  randInt,
  randn,
  ravelBroadcast,
  size,
  store,
  t,
  take,
  tol,
  unravel,
} from './helpers.js';

const k = be.kernels;

/** Independent float64 definitions (written differently from the kernels on purpose). */
function refUnary(op: UnaryOp, x: number): number {
  switch (op) {
    case 'neg':
      return -x;
    case 'abs':
      return x < 0 ? -x : x === 0 ? 0 : x;
    case 'sign':
      return Number.isNaN(x) ? NaN : x === 0 ? 0 : x > 0 ? 1 : -1;
    case 'exp':
      return Math.E ** x;
    case 'log':
      return Math.log(x);
    case 'sqrt':
      return x ** 0.5;
    case 'rsqrt':
      return 1 / x ** 0.5;
    case 'square':
      return x * x;
    case 'reciprocal':
      return 1 / x;
    case 'relu':
      return Number.isNaN(x) ? NaN : Math.max(x, 0);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh(x);
    case 'softplus':
      return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'round': {
      const f = Math.floor(x);
      const d = x - f;
      if (d < 0.5) return f;
      if (d > 0.5) return f + 1;
      return f % 2 === 0 ? f : f + 1;
    }
    case 'sin':
      return Math.sin(x);
    case 'cos':
      return Math.cos(x);
    case 'log1p':
      return Math.log1p(x);
    case 'expm1':
      return Math.expm1(x);
    case 'logicalNot':
      return x ? 0 : 1;
    case 'isNaN':
      return Number.isNaN(x) ? 1 : 0;
    case 'isFinite':
      return Number.isFinite(x) ? 1 : 0;
  }
}

function refBinary(op: BinaryOp, a: number, b: number, dtype: DType): number {
  switch (op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return dtype === 'int32' ? Number(BigInt.asIntN(32, BigInt(a) * BigInt(b))) : a * b;
    case 'div':
      return a / b;
    case 'pow':
      return a ** b;
    case 'maximum':
      return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
    case 'minimum':
      return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b);
    case 'logicalAnd':
      return a && b ? 1 : 0;
    case 'logicalOr':
      return a || b ? 1 : 0;
  }
}

function refCompare(op: CompareOp, a: number, b: number): number {
  const r = {
    equal: a === b,
    notEqual: a !== b,
    less: a < b,
    lessEqual: a <= b,
    greater: a > b,
    greaterEqual: a >= b,
  }[op];
  return r ? 1 : 0;
}

const SPECIAL = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  2.5,
  -2.5,
  3.5,
  1e-8,
  40,
  -40,
  1000,
  -1000,
  Infinity,
  -Infinity,
  NaN,
  7.25,
  -3.75,
];

function unaryDomain(op: UnaryOp, xs: number[]): number[] {
  if (op === 'log' || op === 'sqrt' || op === 'rsqrt')
    return xs.map((x) => (Number.isNaN(x) ? x : Math.abs(x)));
  if (op === 'log1p') return xs.map((x) => (Number.isNaN(x) ? x : Math.abs(x) - 0.5));
  return xs;
}

describe('unary', () => {
  for (const op of UNARY_OPS) {
    if (op === 'logicalNot') continue;
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${op} ${dtype}`, () => {
        const xs = unaryDomain(op, [...SPECIAL, ...randn(37, 11, 5)]).map((v) => store(dtype, v));
        const x = t(xs, [xs.length], dtype);
        const outDtype: DType = op === 'isNaN' || op === 'isFinite' ? 'bool' : dtype;
        const got = take(k.unary({ op, x, out: { shape: x.shape, dtype: outDtype } }));
        const want = xs.map((v) => store(outDtype, refUnary(op, v)));
        expectClose(
          got,
          want,
          dtype === 'float32' ? { rtol: 1e-6, atol: 1e-7 } : { rtol: 1e-14, atol: 1e-300 },
          op,
        );
        free(x);
      });
    }
  }

  it('rounds half to even and keeps sign(0) = 0', () => {
    const x = t([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 4.5000001], [8]);
    expect(take(k.unary({ op: 'round', x, out: { shape: [8], dtype: 'float64' } }))).toEqual([
      0, 2, 2, -0, -2, -2, 2, 5,
    ]);
    const z = t([0, 3, -2, NaN], [4]);
    const sg = take(k.unary({ op: 'sign', x: z, out: { shape: [4], dtype: 'float64' } }));
    expect(sg.slice(0, 3)).toEqual([0, 1, -1]);
    expect(sg[3]).toBeNaN();
    free(x, z);
  });

  it('softplus and sigmoid are stable at ±1000', () => {
    const x = t([1000, -1000, 800, -800], [4]);
    expect(take(k.unary({ op: 'softplus', x, out: { shape: [4], dtype: 'float64' } }))).toEqual([
      1000, 0, 800, 0,
    ]);
    expect(take(k.unary({ op: 'sigmoid', x, out: { shape: [4], dtype: 'float64' } }))).toEqual([1, 0, 1, 0]);
    free(x);
  });

  it('int32 neg/abs/sign/square wrap like 32-bit integers', () => {
    const xs = [0, 5, -7, 2147483647, -2147483648, 65536, 46341];
    const x = t(xs, [xs.length], 'int32');
    const run = (op: UnaryOp) => take(k.unary({ op, x, out: { shape: x.shape, dtype: 'int32' } }));
    expect(run('neg')).toEqual(xs.map((v) => -v | 0));
    expect(run('abs')).toEqual(xs.map((v) => Math.abs(v) | 0));
    expect(run('sign')).toEqual(xs.map((v) => Math.sign(v)));
    expect(run('square')).toEqual(xs.map((v) => Number(BigInt.asIntN(32, BigInt(v) * BigInt(v)))));
    free(x);
  });

  it('logicalNot on bool', () => {
    const x = t([1, 0, 1, 1, 0], [5], 'bool');
    expect(take(k.unary({ op: 'logicalNot', x, out: { shape: [5], dtype: 'bool' } }))).toEqual([
      0, 1, 0, 0, 1,
    ]);
    free(x);
  });

  it('handles empty tensors', () => {
    const x = t([], [0, 3], 'float32');
    expect(take(k.unary({ op: 'exp', x, out: { shape: [0, 3], dtype: 'float32' } }))).toEqual([]);
    free(x);
  });
});

const SHAPE_PAIRS: [number[], number[]][] = [
  [[5], [5]],
  [
    [2, 3, 4],
    [2, 3, 4],
  ],
  [[2, 3, 4], []],
  [[1], [3, 4]],
  [[3, 4], [4]],
  [
    [3, 4],
    [3, 1],
  ],
  [
    [3, 1],
    [1, 4],
  ],
  [
    [2, 1, 4],
    [3, 1],
  ],
  [
    [4, 1, 3, 1],
    [1, 5, 1, 2],
  ],
  [
    [2, 3, 4, 5],
    [3, 1, 5],
  ],
  [[64, 33], [33]],
  [[0, 3], [3]],
  [
    [2, 0],
    [1, 1],
  ],
];

function refBroadcast(
  as: number[],
  ash: number[],
  bs: number[],
  bsh: number[],
  f: (a: number, b: number) => number,
): { shape: number[]; values: number[] } {
  const shape = broadcastShape(ash, bsh);
  const values: number[] = [];
  for (let i = 0; i < size(shape); i++) {
    const idx = unravel(i, shape);
    values.push(f(as[ravelBroadcast(idx, ash)], bs[ravelBroadcast(idx, bsh)]));
  }
  return { shape, values };
}

describe('binary', () => {
  for (const op of BINARY_OPS) {
    if (op === 'logicalAnd' || op === 'logicalOr') continue;
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${op} ${dtype} with broadcasting`, () => {
        for (const [sa, sb] of SHAPE_PAIRS) {
          let av = randn(size(sa), 1, 3).map((v) => store(dtype, v));
          const bv = randn(size(sb), 2, 3).map((v) => store(dtype, v));
          if (op === 'pow') av = av.map(Math.abs);
          const a = t(av, sa, dtype);
          const b = t(bv, sb, dtype);
          const want = refBroadcast(av, sa, bv, sb, (x, y) => store(dtype, refBinary(op, x, y, dtype)));
          const got = take(k.binary({ op, a, b, out: { shape: want.shape, dtype } }));
          expectClose(
            got,
            want.values,
            dtype === 'float32' ? { rtol: 1e-6, atol: 0 } : { rtol: 1e-15, atol: 0 },
            `${op} ${sa}|${sb}`,
          );
          // and with operands swapped
          const want2 = refBroadcast(bv, sb, av, sa, (x, y) => store(dtype, refBinary(op, x, y, dtype)));
          const got2 = take(k.binary({ op, a: b, b: a, out: { shape: want2.shape, dtype } }));
          expectClose(
            got2,
            want2.values,
            dtype === 'float32' ? { rtol: 1e-6, atol: 0 } : { rtol: 1e-15, atol: 0 },
            `${op} ${sb}|${sa}`,
          );
          free(a, b);
        }
      });
    }
  }

  it('propagates NaN and Inf', () => {
    const av = [NaN, 1, NaN, Infinity, -Infinity, 2, Infinity];
    const bv = [1, NaN, NaN, 1, 5, Infinity, -Infinity];
    const a = t(av, [7]);
    const b = t(bv, [7]);
    for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const) {
      const got = take(k.binary({ op, a, b, out: { shape: [7], dtype: 'float64' } }));
      expectClose(
        got,
        av.map((x, i) => refBinary(op, x, bv[i], 'float64')),
        { rtol: 0, atol: 0 },
        op,
      );
      expect(got.slice(0, 3).every(Number.isNaN), op).toBe(true);
    }
    free(a, b);
  });

  it('int32 add/sub/mul/maximum wrap and broadcast', () => {
    const av = [2147483647, -2147483648, 123456789, -5, 7, 0];
    const bv = [1, -1, 1000];
    const a = t(av, [2, 3], 'int32');
    const b = t(bv, [3], 'int32');
    for (const op of ['add', 'sub', 'mul', 'maximum', 'minimum'] as const) {
      const want = refBroadcast(av, [2, 3], bv, [3], (x, y) => refBinary(op, x, y, 'int32') | 0);
      expect(take(k.binary({ op, a, b, out: { shape: [2, 3], dtype: 'int32' } })), op).toEqual(want.values);
    }
    free(a, b);
  });

  it('logicalAnd / logicalOr on bool with broadcasting', () => {
    const a = t([1, 0, 1, 0], [2, 2], 'bool');
    const b = t([1, 0], [2, 1], 'bool');
    expect(take(k.binary({ op: 'logicalAnd', a, b, out: { shape: [2, 2], dtype: 'bool' } }))).toEqual([
      1, 0, 0, 0,
    ]);
    expect(take(k.binary({ op: 'logicalOr', a, b, out: { shape: [2, 2], dtype: 'bool' } }))).toEqual([
      1, 1, 1, 0,
    ]);
    free(a, b);
  });
});

describe('compare', () => {
  for (const op of COMPARE_OPS) {
    for (const dtype of ['float64', 'float32', 'int32'] as const) {
      it(`${op} ${dtype}`, () => {
        for (const [sa, sb] of SHAPE_PAIRS) {
          const av = randInt(size(sa), -2, 3, 3);
          const bv = randInt(size(sb), -2, 3, 4);
          if (dtype !== 'int32' && av.length > 2) {
            av[0] = NaN;
            av[1] = Infinity;
          }
          const a = t(av, sa, dtype);
          const b = t(bv, sb, dtype);
          const want = refBroadcast(av, sa, bv, sb, (x, y) => refCompare(op, x, y));
          expect(
            take(k.compare({ op, a, b, out: { shape: want.shape, dtype: 'bool' } })),
            `${sa}|${sb}`,
          ).toEqual(want.values);
          free(a, b);
        }
      });
    }
  }
});

describe('select', () => {
  it('broadcasts cond, a and b', () => {
    const cases: [number[], number[], number[]][] = [
      [[6], [6], [6]],
      [[2, 3], [3], []],
      [
        [2, 1],
        [1, 3],
        [2, 3],
      ],
      [[4, 1, 2], [3, 1], [1]],
      [[0, 2], [2], [1]],
    ];
    for (const dtype of ['float32', 'float64', 'int32', 'bool'] as const) {
      for (const [sc, sa, sb] of cases) {
        const shape = broadcastShape(sc, sa, sb);
        const cv = randInt(size(sc), 0, 2, 5);
        const av = randInt(size(sa), 0, 9, 6);
        const bv = randInt(size(sb), -9, 0, 7).map((v) => (dtype === 'bool' ? 0 : v));
        const c = t(cv, sc, 'bool');
        const a = t(
          av.map((v) => store(dtype, v)),
          sa,
          dtype,
        );
        const b = t(bv, sb, dtype);
        const want = Array.from({ length: size(shape) }, (_, i) => {
          const idx = unravel(i, shape);
          return store(
            dtype,
            cv[ravelBroadcast(idx, sc)] ? av[ravelBroadcast(idx, sa)] : bv[ravelBroadcast(idx, sb)],
          );
        });
        expect(
          take(k.select({ cond: c, a, b, out: { shape, dtype } })),
          `${dtype} ${sc}|${sa}|${sb}`,
        ).toEqual(want);
        free(c, a, b);
      }
    }
  });
});

describe('tolerance helper', () => {
  it('can fail', () => {
    expect(() => expectClose([1, 2], [1, 2.1], tol('float64'))).toThrow();
    expect(() => expectClose([NaN], [1], tol('float32'))).toThrow();
    expect(() => expectClose([1], [NaN], tol('float32'))).toThrow();
  });
});
