import { describe, expect, it } from 'vitest';
import { be, free, randInt, randn, ravel, ravelBroadcast, size, store, t, take, unravel } from './helpers.js';

const k = be.kernels;
const DTYPES = ['float32', 'float64', 'int32', 'bool'] as const;

function vals(n: number, dtype: (typeof DTYPES)[number], seed: number): number[] {
  return dtype === 'bool'
    ? randInt(n, 0, 2, seed)
    : randInt(n, -50, 50, seed).map((v) => store(dtype, v * (dtype === 'int32' ? 1 : 0.25)));
}

describe('transpose', () => {
  const cases: [number[], number[]][] = [
    [
      [3, 4],
      [1, 0],
    ],
    [
      [70, 45],
      [1, 0],
    ],
    [
      [2, 3, 4],
      [2, 0, 1],
    ],
    [
      [2, 3, 4],
      [0, 2, 1],
    ],
    [
      [2, 3, 4, 5],
      [3, 1, 0, 2],
    ],
    [
      [2, 3, 4, 5],
      [0, 1, 2, 3],
    ],
    [
      [1, 5, 1, 6],
      [3, 2, 1, 0],
    ],
    [
      [0, 3],
      [1, 0],
    ],
  ];
  for (const dtype of DTYPES) {
    it(dtype, () => {
      for (const [shape, perm] of cases) {
        const xs = vals(size(shape), dtype, 1);
        const x = t(xs, shape, dtype);
        const outShape = perm.map((p) => shape[p]);
        const want = Array.from({ length: size(outShape) }, (_, i) => {
          const oi = unravel(i, outShape);
          const xi = new Array<number>(shape.length);
          perm.forEach((p, d) => {
            xi[p] = oi[d];
          });
          return xs[ravel(xi, shape)];
        });
        expect(
          take(k.transpose({ x, perm, out: { shape: outShape, dtype } })),
          `[${shape}] perm [${perm}]`,
        ).toEqual(want);
        free(x);
      }
    });
  }
});

describe('slice / pad / concat / expand', () => {
  for (const dtype of DTYPES) {
    it(`slice ${dtype}`, () => {
      const cases: [number[], number[], number[]][] = [
        [[10], [3], [4]],
        [
          [4, 5],
          [1, 2],
          [2, 3],
        ],
        [
          [3, 4, 50],
          [1, 0, 5],
          [2, 4, 40],
        ],
        [
          [3, 4, 5],
          [0, 0, 0],
          [3, 4, 5],
        ],
        [
          [3, 4, 5],
          [1, 2, 0],
          [0, 2, 5],
        ],
      ];
      for (const [shape, begin, outShape] of cases) {
        const xs = vals(size(shape), dtype, 2);
        const x = t(xs, shape, dtype);
        const want = Array.from(
          { length: size(outShape) },
          (_, i) =>
            xs[
              ravel(
                unravel(i, outShape).map((v, d) => v + begin[d]),
                shape,
              )
            ],
        );
        expect(take(k.slice({ x, begin, out: { shape: outShape, dtype } })), `[${shape}] ${begin}`).toEqual(
          want,
        );
        free(x);
      }
    });

    it(`pad ${dtype}`, () => {
      const cases: [number[], number[], number[], number][] = [
        [[3], [2], [7], 5],
        [[2, 3], [1, 0], [4, 5], -1],
        [[2, 3, 40], [0, 1, 3], [3, 5, 45], 0],
        [[0, 2], [1, 1], [2, 4], 7],
      ];
      for (const [shape, before, outShape, value] of cases) {
        const xs = vals(size(shape), dtype, 3);
        const x = t(xs, shape, dtype);
        const want = Array.from({ length: size(outShape) }, (_, i) => {
          const xi = unravel(i, outShape).map((v, d) => v - before[d]);
          return xi.every((v, d) => v >= 0 && v < shape[d]) ? xs[ravel(xi, shape)] : store(dtype, value);
        });
        expect(take(k.pad({ x, before, value, out: { shape: outShape, dtype } })), `[${shape}]`).toEqual(
          want,
        );
        free(x);
      }
    });

    it(`concat ${dtype}`, () => {
      const cases: [number[][], number][] = [
        [[[2], [3], [0], [1]], 0],
        [
          [
            [2, 3],
            [4, 3],
          ],
          0,
        ],
        [
          [
            [2, 3],
            [2, 1],
            [2, 40],
          ],
          1,
        ],
        [
          [
            [2, 3, 4],
            [2, 2, 4],
            [2, 0, 4],
          ],
          1,
        ],
        [
          [
            [2, 3, 4],
            [2, 3, 1],
          ],
          2,
        ],
      ];
      for (const [shapes, axis] of cases) {
        const xs = shapes.map((s, j) => vals(size(s), dtype, 10 + j));
        const ts = shapes.map((s, j) => t(xs[j], s, dtype));
        const outShape = [...shapes[0]];
        outShape[axis] = shapes.reduce((a, s) => a + s[axis], 0);
        const want = Array.from({ length: size(outShape) }, (_, i) => {
          const idx = unravel(i, outShape);
          let a = idx[axis];
          let j = 0;
          while (a >= shapes[j][axis]) a -= shapes[j++][axis];
          idx[axis] = a;
          return xs[j][ravel(idx, shapes[j])];
        });
        expect(
          take(k.concat({ xs: ts, axis, out: { shape: outShape, dtype } })),
          `${JSON.stringify(shapes)}`,
        ).toEqual(want);
        free(...ts);
      }
    });

    it(`expand ${dtype}`, () => {
      const cases: [number[], number[]][] = [
        [[1], [5]],
        [
          [3, 1],
          [3, 4],
        ],
        [
          [1, 4],
          [3, 4],
        ],
        [
          [2, 1, 3],
          [2, 5, 3],
        ],
        [
          [1, 1],
          [0, 3],
        ],
        [
          [2, 3],
          [2, 3],
        ],
      ];
      for (const [shape, outShape] of cases) {
        const xs = vals(size(shape), dtype, 4);
        const x = t(xs, shape, dtype);
        const want = Array.from(
          { length: size(outShape) },
          (_, i) => xs[ravelBroadcast(unravel(i, outShape), shape)],
        );
        expect(take(k.expand({ x, out: { shape: outShape, dtype } })), `[${shape}]->[${outShape}]`).toEqual(
          want,
        );
        free(x);
      }
    });
  }
});

describe('gather / scatterAdd', () => {
  const cases: [number[], number, number[]][] = [
    [[5], 0, [3]],
    [[5, 3], 0, [4]],
    [[5, 40], 0, [2, 3]],
    [[2, 5, 3], 1, [6]],
    [[4, 3], 1, [2, 2]],
    [[4, 3], 0, [0]],
  ];
  for (const dtype of ['float32', 'float64', 'int32'] as const) {
    it(`gather ${dtype}, out-of-range indices give 0`, () => {
      for (const [shape, axis, ishape] of cases) {
        const xs = vals(size(shape), dtype, 5);
        const idx = randInt(size(ishape), -1, shape[axis] + 1, 6); // includes -1 and len (invalid)
        const x = t(xs, shape, dtype);
        const ind = t(idx, ishape, 'int32');
        const outShape = [...shape.slice(0, axis), ...ishape, ...shape.slice(axis + 1)];
        const want = Array.from({ length: size(outShape) }, (_, i) => {
          const oi = unravel(i, outShape);
          const ii = oi.slice(axis, axis + ishape.length);
          const row = idx[ravel(ii, ishape)];
          if (row < 0 || row >= shape[axis]) return 0;
          return xs[ravel([...oi.slice(0, axis), row, ...oi.slice(axis + ishape.length)], shape)];
        });
        expect(
          take(k.gather({ x, indices: ind, axis, out: { shape: outShape, dtype } })),
          `[${shape}] ${axis}`,
        ).toEqual(want);
        free(x, ind);
      }
    });

    it(`scatterAdd ${dtype} sums duplicates, ignores out-of-range`, () => {
      for (const [shape, axis, ishape] of cases) {
        const idx = randInt(size(ishape), -1, shape[axis] + 1, 7);
        const uShape = [...shape.slice(0, axis), ...ishape, ...shape.slice(axis + 1)];
        const us = vals(size(uShape), dtype, 8);
        const u = t(us, uShape, dtype);
        const ind = t(idx, ishape, 'int32');
        const want = new Array<number>(size(shape)).fill(0);
        for (let i = 0; i < us.length; i++) {
          const ui = unravel(i, uShape);
          const row = idx[ravel(ui.slice(axis, axis + ishape.length), ishape)];
          if (row < 0 || row >= shape[axis]) continue;
          want[ravel([...ui.slice(0, axis), row, ...ui.slice(axis + ishape.length)], shape)] += us[i];
        }
        expect(
          take(k.scatterAdd({ updates: u, indices: ind, axis, out: { shape, dtype } })),
          `[${shape}] ${axis}`,
        ).toEqual(want.map((v) => store(dtype, v)));
        free(u, ind);
      }
    });
  }
});

describe('cast / fill / range', () => {
  it('cast between every dtype pair', () => {
    const src = [0, -0, 1.5, -1.5, 2.7, -2.7, 1e10, NaN, Infinity, 0.1, 1];
    for (const from of DTYPES) {
      const xs = src.map((v) => store(from, v));
      const x = t(xs, [xs.length], from);
      for (const to of DTYPES) {
        const want = xs.map((v) => {
          if (to === 'bool') return v !== 0 ? 1 : 0; // NaN != 0 → true
          if (to === 'int32') return Number.isFinite(v) ? Math.trunc(v) | 0 : 0;
          return store(to, v);
        });
        const got = take(k.cast({ x, out: { shape: x.shape, dtype: to } }));
        expect(got, `${from}->${to}`).toEqual(want);
      }
      free(x);
    }
  });

  it('fill and range', () => {
    expect(take(k.fill({ value: 2.5, out: { shape: [2, 2], dtype: 'float32' } }))).toEqual([
      2.5, 2.5, 2.5, 2.5,
    ]);
    expect(take(k.fill({ value: 0.1, out: { shape: [2], dtype: 'float32' } }))).toEqual([
      Math.fround(0.1),
      Math.fround(0.1),
    ]);
    expect(take(k.fill({ value: 3.9, out: { shape: [3], dtype: 'int32' } }))).toEqual([3, 3, 3]);
    expect(take(k.fill({ value: 5, out: { shape: [2], dtype: 'bool' } }))).toEqual([1, 1]);
    expect(take(k.fill({ value: 1, out: { shape: [0, 4], dtype: 'float64' } }))).toEqual([]);
    expect(take(k.range({ start: 1, step: 0.5, out: { shape: [5], dtype: 'float64' } }))).toEqual([
      1, 1.5, 2, 2.5, 3,
    ]);
    expect(take(k.range({ start: 10, step: -3, out: { shape: [4], dtype: 'int32' } }))).toEqual([
      10, 7, 4, 1,
    ]);
    const r = take(k.range({ start: 0, step: 0.1, out: { shape: [20], dtype: 'float32' } }));
    expect(r).toEqual(Array.from({ length: 20 }, (_, i) => Math.fround(i * 0.1)));
    expect(randn(1, 1).length).toBe(1);
  });
});
