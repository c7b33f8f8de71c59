import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { DTypeError, data, ShapeError, setBackend, tensor } from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('Normalize', () => {
  it('per-channel: zero mean, unit variance on the training data; constant channels divide by ε', () => {
    // [N=4, C=3, 2]: channel 0 varies, channel 1 is constant (σ = 0), channel 2 is scaled.
    const train = tensor(
      [
        [
          [1, 3],
          [5, 5],
          [10, 30],
        ],
        [
          [2, 4],
          [5, 5],
          [20, 40],
        ],
        [
          [0, 2],
          [5, 5],
          [0, 20],
        ],
        [
          [3, 1],
          [5, 5],
          [30, 10],
        ],
      ],
      { dtype: 'float64' },
    );
    const norm = data.Normalize.fit(train, { axis: 1, eps: 1e-6 });
    expect(norm.mean.shape).toEqual([3, 1]);
    const std = Array.from(norm.std.dataSync());
    // channel 0 values 1,3,2,4,0,2,3,1 → mean 2, population σ² = 12/8.
    expect(std[0]).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(std[1]).toBe(0);
    expect(Array.from(norm.divisor.dataSync())[1]).toBe(1e-6);
    const out = norm.apply(train).arraySync() as number[][][];
    for (let c = 0; c < 3; c++) {
      const vals = out.flatMap((s) => s[c]);
      const mean = vals.reduce((a, b) => a + b) / vals.length;
      const variance = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length;
      expect(mean).toBeCloseTo(0, 12);
      expect(variance).toBeCloseTo(c === 1 ? 0 : 1, 12);
      expect(vals.every(Number.isFinite)).toBe(true);
    }
  });

  it('applies the TRAINING statistics to test data and to single samples', () => {
    const train = tensor(
      [
        [0, 10],
        [2, 30],
      ],
      { dtype: 'float64' },
    );
    const norm = data.Normalize.fit(train, { axis: 1 });
    // means [1, 20], σ [1, 10]
    expect(norm.apply(tensor([[3, 0]], { dtype: 'float64' })).arraySync()).toEqual([[2, -2]]);
    expect(norm.apply(tensor([1, 40], { dtype: 'float64' })).arraySync()).toEqual([0, 2]);
    expect(() => norm.apply(tensor([[1, 2, 3]], { dtype: 'float64' }))).toThrow(ShapeError);
  });

  it('without an axis: one mean and σ over everything', () => {
    const norm = data.Normalize.fit(
      tensor(
        [
          [1, 3],
          [5, 7],
        ],
        { dtype: 'float64' },
      ),
    );
    expect(norm.mean.shape).toEqual([]);
    expect(norm.mean.itemSync()).toBe(4);
    expect(norm.std.itemSync()).toBeCloseTo(Math.sqrt(5), 12);
    expect(() => data.Normalize.fit(tensor([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => data.Normalize.fit(tensor([[1, 2]]), { axis: 0 })).toThrow(/sample axis/);
  });
});
