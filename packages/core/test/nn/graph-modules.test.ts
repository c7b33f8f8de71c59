import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  add,
  gradcheck,
  mul,
  nn,
  optim,
  randn,
  setBackend,
  sum,
  tensor,
  tidy,
} from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });

describe("Duplicate, Add, Max (the seed's graph modules)", () => {
  it('Duplicate: gradients of the branches add up', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const [y1, y2, y3] = new nn.Duplicate(3).forward(x);
    // C = Σ 2·y1 + Σ y2² + Σ 5·y3 → dC/dx = 2 + 2x + 5
    sum(add(add(mul(y1, 2), y2.square()), mul(y3, 5))).backward();
    expect(x.grad!.arraySync()).toEqual([9, 11, 13]);
    expect(() => new nn.Duplicate(0)).toThrow(ArgumentError);
  });

  it('Add: the gradient is copied to every input', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([10, 20], { requiresGrad: true });
    const y = new nn.Add().forward(a, b);
    expect(y.arraySync()).toEqual([11, 22]);
    sum(mul(y, tensor([3, 4]))).backward();
    expect(a.grad!.arraySync()).toEqual([3, 4]);
    expect(b.grad!.arraySync()).toEqual([3, 4]);
  });

  it('Max: the gradient goes to the larger input; ties go to the later input', () => {
    const a = tensor([5, 1, 2], { requiresGrad: true });
    const b = tensor([3, 4, 2], { requiresGrad: true });
    const y = new nn.Max().forward(a, b);
    expect(y.arraySync()).toEqual([5, 4, 2]);
    sum(mul(y, tensor([1, 10, 100]))).backward();
    expect(a.grad!.arraySync()).toEqual([1, 0, 0]);
    expect(b.grad!.arraySync()).toEqual([0, 10, 100]);
  });

  it('gradcheck Add and Max with three inputs (no ties)', () => {
    const xs = [f64([0.1, -2, 3]), f64([1.5, 0.2, -1]), f64([-0.7, 0.9, 2.5])];
    for (const m of [new nn.Add(), new nn.Max()]) {
      const r = tidy(() => gradcheck((a, b, c) => m.forward(a, b, c), xs));
      expect(r.ok).toBe(true);
    }
    const r = tidy(() =>
      gradcheck((x) => new nn.Add().forward(...new nn.Duplicate(2).forward(x)).square(), [xs[0]]),
    );
    expect(r.ok).toBe(true);
  });

  it('Sequential spreads multiple outputs into the next module; Parallel runs branches', () => {
    const x = tensor([[1, -2]]);
    const block = new nn.Sequential(
      new nn.Duplicate(2),
      new nn.Parallel(new nn.ReLU(), new nn.Identity()),
      new nn.Add(),
    );
    expect(block.forward(x).arraySync()).toEqual([[2, -2]]);
    const shared = new nn.Sequential(new nn.Parallel(new nn.ReLU(), new nn.Identity()), new nn.Max());
    expect(shared.forward(x).arraySync()).toEqual([[1, 0]]);
    expect(() => new nn.Sequential(new nn.Duplicate(2)).forward(x)).toThrow(/returned 2 tensors/);
    expect(new nn.Sequential(new nn.Duplicate(2)).forwardAll(x)).toHaveLength(2);
    expect(() => new nn.Parallel(new nn.ReLU(), new nn.ReLU()).forward(x, x, x)).toThrow(
      /3 inputs for 2 branches/,
    );
  });

  it('a two-branch residual network built from them trains on a synthetic task', () => {
    // Target: y = relu(x0) + x1·x2-ish nonlinear regression on fixed random data.
    const n = 128;
    const x = randn([n, 4], { seed: 1 });
    const target = tidy(() => {
      const cols = x.arraySync() as number[][];
      return tensor(cols.map((r) => [Math.max(r[0], 0) - 0.5 * r[1] + Math.tanh(r[2] * r[3])]));
    });
    const residual = (seed: number) =>
      new nn.Sequential(
        new nn.Duplicate(2),
        new nn.Parallel(
          new nn.Sequential(
            new nn.Linear(16, 16, { seed }),
            new nn.ReLU(),
            new nn.Linear(16, 16, { seed: seed + 1 }),
          ),
          new nn.Identity(),
        ),
        new nn.Add(),
      );
    const net = new nn.Sequential(
      new nn.Linear(4, 16, { seed: 10 }),
      new nn.Parallel(new nn.Sequential(new nn.ReLU(), residual(20)), new nn.Tanh()),
      new nn.Max(),
      new nn.Linear(16, 1, { seed: 30 }),
    );
    const opt = new optim.Adam(net.parameters(), { lr: 0.01 });
    const lossFn = new nn.MSELoss();
    const step = (): number =>
      tidy(() => {
        opt.zeroGrad();
        const loss = lossFn.forward(net.forward(x), target);
        loss.backward();
        opt.step();
        return loss.itemSync();
      });
    const first = step();
    let last = first;
    for (let i = 0; i < 150; i++) last = step();
    expect(last).toBeLessThan(first * 0.2);
  });
});
