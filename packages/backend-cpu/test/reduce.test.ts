import type { ReduceOp } from '@polygrad/core';
import { REDUCE_OPS } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { be, expectClose, free, randInt, randn, ravel, size, store, t, take, unravel } from './helpers.js';

const k = be.kernels;

function refReduce(
  op: ReduceOp,
  xs: number[],
  shape: number[],
  axes: number[],
  int = false,
): { shape: number[]; values: number[] } {
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const init = { sum: 0, prod: 1, max: int ? -2147483648 : -Infinity, min: int ? 2147483647 : Infinity }[op];
  const values = new Array<number>(size(outShape)).fill(init);
  for (let i = 0; i < xs.length; i++) {
    const idx = unravel(i, shape);
    const o = ravel(
      idx.filter((_, d) => !axes.includes(d)),
      outShape,
    );
    const v = xs[i];
    const acc = values[o];
    switch (op) {
      case 'sum':
        values[o] = int ? (acc + v) | 0 : acc + v;
        break;
      case 'prod':
        values[o] = int ? Number(BigInt.asIntN(32, BigInt(acc) * BigInt(v))) : acc * v;
        break;
      case 'max':
        values[o] = Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.max(acc, v);
        break;
      case 'min':
        values[o] = Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.min(acc, v);
        break;
    }
  }
  return { shape: outShape, values };
}

const CASES: [number[], number[]][] = [
  [[7], [0]],
  [[7], []],
  [[3, 5], [1]],
  [[3, 5], [0]],
  [
    [3, 5],
    [0, 1],
  ],
  [[2, 3, 4], [1]],
  [
    [2, 3, 4],
    [0, 2],
  ],
  [
    [2, 3, 4],
    [0, 1],
  ],
  [
    [2, 3, 4],
    [1, 2],
  ],
  [
    [2, 3, 4, 5],
    [1, 3],
  ],
  [
    [2, 3, 4, 5],
    [0, 2, 3],
  ],
  [[3, 1, 4], [1]],
  [
    [1, 6, 1],
    [0, 2],
  ],
  [[2, 0, 3], [1]],
  [[2, 0, 3], [0]],
  [[0], [0]],
];

describe('reduce', () => {
  for (const op of REDUCE_OPS) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${op} ${dtype}`, () => {
        for (const [shape, axes] of CASES) {
          const xs = randn(size(shape), 21, op === 'prod' ? 1.5 : 10).map((v) => store(dtype, v));
          const x = t(xs, shape, dtype);
          const want = refReduce(op, xs, shape, axes);
          const got = take(k.reduce({ op, x, axes, out: { shape: want.shape, dtype } }));
          expectClose(
            got,
            want.values.map((v) => store(dtype, v)),
            dtype === 'float32' ? { rtol: 1e-6, atol: 1e-6 } : { rtol: 1e-13, atol: 1e-13 },
            `${op} [${shape}] axes [${axes}]`,
          );
          free(x);
        }
      });
    }
    it(`${op} int32 wraps`, () => {
      for (const [shape, axes] of CASES) {
        const xs = randInt(size(shape), -2147483648, 2147483647, 5);
        const x = t(xs, shape, 'int32');
        const want = refReduce(op, xs, shape, axes, true);
        const got = take(k.reduce({ op, x, axes, out: { shape: want.shape, dtype: 'int32' } }));
        expect(got, `${op} [${shape}] axes [${axes}]`).toEqual(want.values.map((v) => store('int32', v)));
        free(x);
      }
    });
  }

  it('max/min propagate NaN wherever it sits; empty reductions give the identity', () => {
    const xs = [1, NaN, 3, 4, 5, NaN, 7, 8, 9];
    const x = t(xs, [3, 3]);
    for (const axes of [[0], [1], [0, 1]]) {
      for (const op of ['max', 'min', 'sum'] as const) {
        const want = refReduce(op, xs, [3, 3], axes);
        expectClose(
          take(k.reduce({ op, x, axes, out: { shape: want.shape, dtype: 'float64' } })),
          want.values,
          { rtol: 0, atol: 0 },
          `${op} ${axes}`,
        );
      }
    }
    const e = t([], [2, 0]);
    expect(take(k.reduce({ op: 'max', x: e, axes: [1], out: { shape: [2], dtype: 'float64' } }))).toEqual([
      -Infinity,
      -Infinity,
    ]);
    expect(take(k.reduce({ op: 'prod', x: e, axes: [1], out: { shape: [2], dtype: 'float64' } }))).toEqual([
      1, 1,
    ]);
    free(x, e);
  });

  it('bool sums to int32', () => {
    const x = t([1, 0, 1, 1, 1, 0], [2, 3], 'bool');
    expect(take(k.reduce({ op: 'sum', x, axes: [1], out: { shape: [2], dtype: 'int32' } }))).toEqual([2, 2]);
    free(x);
  });
});

describe('argReduce', () => {
  function refArg(op: 'argmax' | 'argmin', xs: number[], shape: number[], axis: number): number[] {
    const outShape = shape.filter((_, d) => d !== axis);
    const best = new Array<number>(size(outShape)).fill(NaN);
    const where = new Array<number>(size(outShape)).fill(-1);
    for (let i = 0; i < xs.length; i++) {
      const idx = unravel(i, shape);
      const o = ravel(
        idx.filter((_, d) => d !== axis),
        outShape,
      );
      const a = idx[axis];
      const v = xs[i];
      if (where[o] === -1) {
        where[o] = a;
        best[o] = v;
        continue;
      }
      if (Number.isNaN(best[o])) continue;
      if (Number.isNaN(v) || (op === 'argmax' ? v > best[o] : v < best[o])) {
        best[o] = v;
        where[o] = a;
      }
    }
    return where.map((w) => Math.max(w, 0));
  }
  it('picks the first extreme, NaN counting as extreme', () => {
    const cases: [number[], number][] = [
      [[6], 0],
      [[3, 4], 0],
      [[3, 4], 1],
      [[2, 3, 4], 1],
      [[2, 3, 4], 2],
      [[2, 1, 3], 1],
    ];
    for (const op of ['argmax', 'argmin'] as const) {
      for (const [shape, axis] of cases) {
        const xs = randInt(size(shape), 0, 4, 9); // many ties
        if (xs.length > 5) xs[5] = NaN;
        const x = t(xs, shape);
        const outShape = shape.filter((_, d) => d !== axis);
        expect(
          take(k.argReduce({ op, x, axis, out: { shape: outShape, dtype: 'int32' } })),
          `${op} [${shape}] ${axis}`,
        ).toEqual(refArg(op, xs, shape, axis));
        free(x);
      }
    }
  });
  it('int32 input', () => {
    const x = t([3, 9, 9, -1], [4], 'int32');
    expect(take(k.argReduce({ op: 'argmax', x, axis: 0, out: { shape: [], dtype: 'int32' } }))).toEqual([1]);
    expect(take(k.argReduce({ op: 'argmin', x, axis: 0, out: { shape: [], dtype: 'int32' } }))).toEqual([3]);
    free(x);
  });
});
