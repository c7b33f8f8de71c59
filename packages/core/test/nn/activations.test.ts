import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, gradcheck, nn, setBackend, sum, type Tensor, tensor, tidy } from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const f64 = (v: number[][]) => tensor(v, { dtype: 'float64' });
// No element at 0 (ReLU's kink), magnitudes where every function is non-trivial.
const X = [
  [-1.3, 0.4, 2.2],
  [0.7, -0.2, -2.5],
];

function check(fn: (x: Tensor) => Tensor, x: Tensor = f64(X)): void {
  const report = tidy(() => gradcheck(fn, [x]));
  expect(report, JSON.stringify(report)).toMatchObject({ ok: true });
}

describe('activation modules', () => {
  it('ReLU masks the gradient where x < 0 (the seed)', () => {
    const x = tensor([-2, -0.5, 0.5, 3], { requiresGrad: true });
    const y = new nn.ReLU().forward(x);
    expect(y.arraySync()).toEqual([0, 0, 0.5, 3]);
    sum(y.mul(tensor([1, 2, 3, 4]))).backward();
    expect(x.grad!.arraySync()).toEqual([0, 0, 3, 4]);
  });

  it('values of Sigmoid, Tanh, Softplus', () => {
    const x = tensor([-1, 0, 2], { dtype: 'float64' });
    const close = (t: Tensor, f: (v: number) => number) =>
      (t.arraySync() as number[]).forEach((v, i) => {
        expect(v).toBeCloseTo(f([-1, 0, 2][i]), 12);
      });
    close(new nn.Sigmoid().forward(x), (v) => 1 / (1 + Math.exp(-v)));
    close(new nn.Tanh().forward(x), Math.tanh);
    close(new nn.Softplus().forward(x), (v) => Math.log1p(Math.exp(v)));
  });

  it('Softplus does not overflow for large inputs', () => {
    expect(new nn.Softplus().forward(tensor([1000, -1000])).arraySync()).toEqual([1000, 0]);
  });

  it('gradcheck ReLU, Sigmoid, Tanh, Softplus, Identity, Flatten', () => {
    check((x) => new nn.ReLU().forward(x));
    check((x) => new nn.Sigmoid().forward(x));
    check((x) => new nn.Tanh().forward(x));
    check((x) => new nn.Softplus().forward(x));
    check((x) => new nn.Identity().forward(x).mul(1));
    check((x) => new nn.Flatten(0).forward(x).mul(1));
  });

  it('Softmax and LogSoftmax: rows sum to 1, log matches, stable at ±1000', () => {
    const x = tensor(
      [
        [1000, 0, -1000],
        [1, 2, 3],
      ],
      { dtype: 'float64' },
    );
    const p = new nn.Softmax(-1).forward(x).arraySync() as number[][];
    const lp = new nn.LogSoftmax(1).forward(x).arraySync() as number[][];
    for (const row of p) expect(row.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(lp[0][0]).toBeCloseTo(0, 12);
    expect(lp[0][1]).toBeCloseTo(-1000, 9);
    expect(lp[0][2]).toBeCloseTo(-2000, 9);
    expect(lp.flat().every(Number.isFinite)).toBe(true);
    expect(lp[1][2]).toBeCloseTo(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), 12);
  });

  it('gradcheck Softmax and LogSoftmax along both axes', () => {
    for (const dim of [0, 1, -1]) {
      check((x) => new nn.Softmax(dim).forward(x));
      check((x) => new nn.LogSoftmax(dim).forward(x));
    }
  });

  it('Flatten keeps the batch dimension by default', () => {
    const x = tensor(new Float32Array(2 * 3 * 4 * 5), { shape: [2, 3, 4, 5] });
    expect(new nn.Flatten().forward(x).shape).toEqual([2, 60]);
    expect(new nn.Flatten(2).forward(x).shape).toEqual([2, 3, 20]);
  });
});

describe('Dropout', () => {
  it('zeroes about p of the inputs and scales the rest by 1/(1-p) in training', () => {
    const n = 20000;
    const x = tensor(new Float32Array(n).fill(1));
    const y = new nn.Dropout(0.25, { seed: 5 }).forward(x).dataSync();
    let zeros = 0;
    for (const v of y) {
      if (v === 0) zeros++;
      else expect(v).toBeCloseTo(1 / 0.75, 6);
    }
    // Binomial(n, 0.25): σ = √(n·0.25·0.75) ≈ 61; allow 5σ.
    expect(Math.abs(zeros - 0.25 * n)).toBeLessThan(5 * Math.sqrt(n * 0.25 * 0.75));
  });

  it('is the identity in eval mode and for p = 0; all zeros for p = 1', () => {
    const x = tensor([1, 2, 3]);
    const d = new nn.Dropout(0.5, { seed: 1 }).eval();
    expect(d.forward(x)).toBe(x);
    expect(new nn.Dropout(0).forward(x)).toBe(x);
    expect(new nn.Dropout(1).forward(x).arraySync()).toEqual([0, 0, 0]);
    expect(() => new nn.Dropout(1.5)).toThrow(ArgumentError);
  });

  it('is reproducible from its seed, with a new mask each call', () => {
    const x = tensor(new Float32Array(64).fill(1));
    const a = new nn.Dropout(0.5, { seed: 9 });
    const b = new nn.Dropout(0.5, { seed: 9 });
    const a1 = a.forward(x).arraySync();
    const a2 = a.forward(x).arraySync();
    expect(b.forward(x).arraySync()).toEqual(a1);
    expect(b.forward(x).arraySync()).toEqual(a2);
    expect(a1).not.toEqual(a2);
  });

  it('gradient flows through kept elements only, scaled (gradcheck with a fixed mask)', () => {
    check((x) => new nn.Dropout(0.3, { seed: 11 }).forward(x));
    const x = tensor([1, 1, 1, 1, 1, 1, 1, 1], { requiresGrad: true });
    const y = new nn.Dropout(0.5, { seed: 3 }).forward(x);
    sum(y).backward();
    expect(x.grad!.arraySync()).toEqual(y.arraySync());
  });
});
