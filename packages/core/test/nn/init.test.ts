import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { nn, ShapeError, setBackend, type Tensor, tensor } from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

function moments(t: Tensor): { mean: number; variance: number; min: number; max: number; n: number } {
  const v = t.dataSync();
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    s += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / v.length;
  let q = 0;
  for (const x of v) q += (x - mean) ** 2;
  return { mean, variance: q / v.length, min, max, n: v.length };
}

/*
 * Tolerances from sampling error, n = 1000·250 = 250 000 draws, 5 standard errors:
 * - mean: SE = σ/√n;
 * - variance of a normal sample: SE = σ²·√(2/n) (≈ 0.28 % of σ²);
 * - variance of a uniform sample: SE = σ²·√(0.8/n) (kurtosis 9/5, ≈ 0.18 %).
 */
const SHAPE = [1000, 250];
const N = 250_000;
const FAN_IN = 250;
const FAN_OUT = 1000;

function expectMoments(t: Tensor, variance: number, kind: 'normal' | 'uniform'): void {
  const m = moments(t);
  expect(m.n).toBe(N);
  expect(Math.abs(m.mean)).toBeLessThan(5 * Math.sqrt(variance / N));
  const relSE = kind === 'normal' ? Math.sqrt(2 / N) : Math.sqrt(0.8 / N);
  expect(Math.abs(m.variance / variance - 1)).toBeLessThan(5 * relSE);
  if (kind === 'uniform') {
    const bound = Math.sqrt(3 * variance);
    expect(m.min).toBeGreaterThanOrEqual(-bound);
    expect(m.max).toBeLessThanOrEqual(bound);
  }
}

describe('init', () => {
  it('kaimingNormal: Var = 2 / fanIn (ReLU gain √2)', () => {
    expectMoments(nn.init.kaimingNormal(SHAPE, { seed: 1 }), 2 / FAN_IN, 'normal');
  });

  it('kaimingUniform: Var = 2 / fanIn, within ±√(6/fanIn)', () => {
    expectMoments(nn.init.kaimingUniform(SHAPE, { seed: 2 }), 2 / FAN_IN, 'uniform');
  });

  it('kaiming with gain 1 and fanOut mode', () => {
    expectMoments(nn.init.kaimingNormal(SHAPE, { seed: 3, gain: 1, mode: 'fanOut' }), 1 / FAN_OUT, 'normal');
  });

  it('xavierNormal / xavierUniform: Var = 2 / (fanIn + fanOut)', () => {
    expectMoments(nn.init.xavierNormal(SHAPE, { seed: 4 }), 2 / (FAN_IN + FAN_OUT), 'normal');
    expectMoments(nn.init.xavierUniform(SHAPE, { seed: 5 }), 2 / (FAN_IN + FAN_OUT), 'uniform');
  });

  it('Linear defaults to Kaiming-uniform weights (Var 2/in) and zero bias', () => {
    const layer = new nn.Linear(250, 1000, { seed: 6 });
    expectMoments(layer.weight, 2 / 250, 'uniform');
    expect(moments(layer.bias!)).toMatchObject({ min: 0, max: 0 });
  });

  it('is reproducible from the seed and honours dtype', () => {
    const a = nn.init.kaimingNormal([8, 4], { seed: 9, dtype: 'float64' });
    expect(a.dtype).toBe('float64');
    expect(a.arraySync()).toEqual(nn.init.kaimingNormal([8, 4], { seed: 9, dtype: 'float64' }).arraySync());
  });

  it('fans follow PyTorch, including receptive fields', () => {
    expect(nn.init.fans([10, 4])).toEqual({ fanIn: 4, fanOut: 10 });
    expect(nn.init.fans([8, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 200 });
    expect(() => nn.init.fans([5])).toThrow(ShapeError);
  });

  it('zeros, constant, assign', () => {
    expect(nn.init.zeros([2]).arraySync()).toEqual([0, 0]);
    expect(nn.init.constant([2, 1], 0.5).arraySync()).toEqual([[0.5], [0.5]]);
    const layer = new nn.Linear(2, 2, { seed: 0 });
    const w = layer.weight;
    nn.init.assign(
      w,
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(layer.weight).toBe(w);
    expect(w.arraySync()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => nn.init.assign(w, tensor([1, 2]))).toThrow(ShapeError);
  });
});
