import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  DTypeError,
  gradcheck,
  nn,
  randn,
  ShapeError,
  setBackend,
  type Tensor,
  tensor,
} from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });
const data = (t: Tensor | null | undefined) => Array.from(t?.dataSync() ?? []);

/** Values and gradient of Σ loss (reduction 'sum') w.r.t. input, for d = input − target. */
function run(
  fn: (i: Tensor, t: Tensor, o: { reduction: 'none' | 'sum' }) => Tensor,
  input: number[],
  target: number[],
): { values: number[]; grad: number[] } {
  const values = data(fn(f64(input), f64(target), { reduction: 'none' }));
  const x = f64(input).requiresGrad_();
  fn(x, f64(target), { reduction: 'sum' }).backward();
  return { values, grad: data(x.grad) };
}

// d = input − target = [0.5, −2, 1, 0, −0.25]
const INPUT = [1.5, -1, 3, 0.25, 0];
const TARGET = [1, 1, 2, 0.25, 0.25];

describe('L1Loss (PyTorch: |d|, gradient sign(d), 0 at d = 0)', () => {
  it('hand-derived values and gradient, every reduction', () => {
    const r = run(nn.l1Loss, INPUT, TARGET);
    expect(r.values).toEqual([0.5, 2, 1, 0, 0.25]);
    expect(r.grad).toEqual([1, -1, 1, 0, -1]);
    const m = new nn.L1Loss();
    expect(data(m.forward(f64(INPUT), f64(TARGET)))[0]).toBeCloseTo(3.75 / 5, 15);
    expect(data(new nn.L1Loss({ reduction: 'sum' }).forward(f64(INPUT), f64(TARGET)))[0]).toBe(3.75);
    const x = f64(INPUT).requiresGrad_();
    m.forward(x, f64(TARGET)).backward();
    expect(data(x.grad)).toEqual([0.2, -0.2, 0.2, 0, -0.2]);
  });
});

describe('SmoothL1Loss (PyTorch: ½d²/β where |d| < β, else |d| − ½β)', () => {
  it('β = 1 (default): quadratic inside, linear outside, |d| = β exactly on the linear side', () => {
    const r = run(nn.smoothL1Loss, INPUT, TARGET);
    expect(r.values).toEqual([0.125, 1.5, 0.5, 0, 0.03125]);
    expect(r.grad).toEqual([0.5, -1, 1, 0, -0.25]);
  });

  it('β = 0.5: the edge moves (|d| = 0.5 is linear: 0.5 − 0.25)', () => {
    const r = run((i, t, o) => nn.smoothL1Loss(i, t, { ...o, beta: 0.5 }), INPUT, TARGET);
    expect(r.values).toEqual([0.25, 1.75, 0.75, 0, 0.0625]);
    expect(r.grad).toEqual([1, -1, 1, 0, -0.5]);
  });

  it('β = 0 is the L1 loss (as PyTorch), with no NaN in the gradient', () => {
    const r = run((i, t, o) => nn.smoothL1Loss(i, t, { ...o, beta: 0 }), INPUT, TARGET);
    expect(r.values).toEqual([0.5, 2, 1, 0, 0.25]);
    expect(r.grad).toEqual([1, -1, 1, 0, -1]);
  });

  it('a tiny β with a huge difference stays finite (value and gradient)', () => {
    const r = run((i, t, o) => nn.smoothL1Loss(i, t, { ...o, beta: 1e-300 }), [1e10, 0], [0, 0]);
    expect(r.values).toEqual([1e10, 0]);
    expect(r.grad).toEqual([1, 0]);
  });

  it('module: mean over elements; gradient matches central differences in float64', () => {
    const m = new nn.SmoothL1Loss({ beta: 0.7 });
    const input = randn([4, 5], { seed: 1, dtype: 'float64' });
    const target = randn([4, 5], { seed: 2, dtype: 'float64' });
    const dv = data(input).map((v, i) => v - data(target)[i]);
    const want = dv.map((d) => (Math.abs(d) < 0.7 ? (0.5 * d * d) / 0.7 : Math.abs(d) - 0.35));
    expect(data(m.forward(input, target))[0]).toBeCloseTo(want.reduce((a, b) => a + b) / 20, 14);
    const r = gradcheck((a) => m.forward(a, target), [input]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });
});

describe('HuberLoss (PyTorch: ½d² where |d| < δ, else δ·(|d| − ½δ))', () => {
  it('δ = 1 equals smooth L1 with β = 1', () => {
    const r = run(nn.huberLoss, INPUT, TARGET);
    expect(r.values).toEqual([0.125, 1.5, 0.5, 0, 0.03125]);
    expect(r.grad).toEqual([0.5, -1, 1, 0, -0.25]);
  });

  it('δ = 2: |d| = 2 exactly is linear, 2·(2 − 1); gradient δ·sign(d) there', () => {
    const r = run((i, t, o) => nn.huberLoss(i, t, { ...o, delta: 2 }), INPUT, TARGET);
    expect(r.values).toEqual([0.125, 2, 0.5, 0, 0.03125]);
    expect(r.grad).toEqual([0.5, -2, 1, 0, -0.25]);
  });

  it('equals δ · smoothL1(β = δ) on random data; gradient matches central differences', () => {
    const input = randn([3, 7], { seed: 3, dtype: 'float64' });
    const target = randn([3, 7], { seed: 4, dtype: 'float64' });
    const h = data(nn.huberLoss(input, target, { delta: 0.6, reduction: 'none' }));
    const s = data(nn.smoothL1Loss(input, target, { beta: 0.6, reduction: 'none' }));
    h.forEach((v, i) => {
      expect(v).toBeCloseTo(0.6 * s[i], 14);
    });
    const m = new nn.HuberLoss({ delta: 0.6, reduction: 'sum' });
    const r = gradcheck((a) => m.forward(a, target), [input]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });
});

describe('bad input and options fail clearly', () => {
  it('unknown or misspelt option keys, bad beta/delta, shape and dtype mismatches', () => {
    expect(() => new nn.SmoothL1Loss({ bata: 1 } as never)).toThrow(
      /unknown option 'bata'; valid options are 'reduction', 'beta'/,
    );
    expect(() => new nn.HuberLoss({ beta: 1 } as never)).toThrow(ArgumentError);
    expect(() => new nn.L1Loss({ reduce: 'sum' } as never)).toThrow(ArgumentError);
    expect(() => nn.l1Loss(f64([1]), f64([1]), { reduktion: 'sum' } as never)).toThrow(ArgumentError);
    expect(() => new nn.SmoothL1Loss({ beta: -1 })).toThrow(/beta = -1/);
    expect(() => new nn.HuberLoss({ delta: 0 })).toThrow(/delta = 0/);
    expect(() => nn.huberLoss(f64([1, 2]), f64([1]))).toThrow(ShapeError);
    expect(() => nn.l1Loss(tensor([1], { dtype: 'int32' }), tensor([1], { dtype: 'int32' }))).toThrow(
      DTypeError,
    );
  });

  it('repr names the options', () => {
    expect(new nn.HuberLoss({ delta: 2 }).toString()).toContain('delta=2');
    expect(new nn.SmoothL1Loss().toString()).toContain('beta=1');
  });
});
