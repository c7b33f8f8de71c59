import { dropoutMaskReference, randomReference } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { be, free, randn, store, t, take } from './helpers.js';

const k = be.kernels;

describe('random', () => {
  for (const distribution of ['uniform', 'normal', 'bernoulli'] as const) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${distribution} ${dtype} equals randomReference element-wise`, () => {
        for (const [seed, a, b] of [
          [0, 0, 1],
          [12345, -2, 3],
          [0xffffffff, 0.3, 0.5],
          [2 ** 31 + 7, 1, 2],
        ] as const) {
          const n = 1000;
          const got = take(k.random({ distribution, seed, a, b, out: { shape: [10, 100], dtype } }));
          const want = Array.from({ length: n }, (_, i) =>
            store(dtype, randomReference(distribution, seed, a, b, i)),
          );
          expect(got).toEqual(want);
        }
      });
    }
  }

  it('has the right moments (sanity) and depends on the seed', () => {
    const u = take(
      k.random({ distribution: 'normal', seed: 7, a: 1, b: 2, out: { shape: [20000], dtype: 'float64' } }),
    );
    const mean = u.reduce((s, v) => s + v, 0) / u.length;
    const sd = Math.sqrt(u.reduce((s, v) => s + (v - mean) ** 2, 0) / u.length);
    expect(Math.abs(mean - 1)).toBeLessThan(0.05);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
    const v = take(
      k.random({ distribution: 'normal', seed: 8, a: 1, b: 2, out: { shape: [20000], dtype: 'float64' } }),
    );
    expect(v).not.toEqual(u);
  });
});

describe('dropout (fused)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`mask equals dropoutMaskReference, y = x * mask (${dtype})`, () => {
      for (const [p, seed] of [
        [0, 1],
        [0.5, 99],
        [0.1, 2 ** 32 - 1],
        [1, 3],
      ] as const) {
        const xs = randn(300, 4).map((v) => store(dtype, v));
        const x = t(xs, [3, 100], dtype);
        const [y, m] = k.dropout!({ x, p, seed, out: { shape: [3, 100], dtype } });
        const mask = take(m);
        const want = xs.map((_, i) => store(dtype, dropoutMaskReference(seed, p, i)));
        expect(mask).toEqual(want);
        expect(take(y)).toEqual(xs.map((v, i) => store(dtype, v * want[i])));
        if (p === 0.5) {
          const kept = mask.filter((v) => v !== 0).length;
          expect(kept).toBeGreaterThan(100);
          expect(kept).toBeLessThan(200);
        }
        free(x);
      }
    });
  }
});
