import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradcheck, nn, ShapeError, setBackend, sum, tensor, tidy } from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

function rows(t: { arraySync(): unknown }): number[][] {
  return t.arraySync() as number[][];
}

describe('Linear', () => {
  it('forward is x·Wᵀ + b on a hand-made input', () => {
    const layer = new nn.Linear(3, 2, { dtype: 'float64' });
    nn.init.assign(
      layer.weight,
      tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { dtype: 'float64' },
      ),
    );
    nn.init.assign(layer.bias!, tensor([0.5, -1], { dtype: 'float64' }));
    const x = tensor(
      [
        [1, 0, -1],
        [2, 1, 0],
      ],
      { dtype: 'float64' },
    );
    // row 0: [1-3+0.5, 4-6-1] = [-1.5, -3]; row 1: [2+2+0.5, 8+5-1] = [4.5, 12]
    expect(rows(layer.forward(x))).toEqual([
      [-1.5, -3],
      [4.5, 12],
    ]);
  });

  it('backward matches the seed: dC/dX = dC/dY·W, dC/dW = (dC/dY)ᵀ·X, dC/db = Σ dC/dY', () => {
    const layer = new nn.Linear(3, 2, { dtype: 'float64' });
    const W = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    nn.init.assign(layer.weight, tensor(W, { dtype: 'float64' }));
    const X = [
      [1, 0, -1],
      [2, 1, 0],
    ];
    const x = tensor(X, { dtype: 'float64', requiresGrad: true });
    // C = Σ G ⊙ Y, so dC/dY = G exactly.
    const G = [
      [1, -2],
      [0.5, 3],
    ];
    const y = layer.forward(x);
    sum(y.mul(tensor(G, { dtype: 'float64' }))).backward();
    // dC/dX = G·W
    const dX = G.map((g) => W[0].map((_, j) => g[0] * W[0][j] + g[1] * W[1][j]));
    // dC/dW = Gᵀ·X
    const dW = [0, 1].map((o) => X[0].map((_, j) => G[0][o] * X[0][j] + G[1][o] * X[1][j]));
    expect(rows(x.grad!)).toEqual(dX);
    expect(rows(layer.weight.grad!)).toEqual(dW);
    expect(layer.bias!.grad!.arraySync()).toEqual([1.5, 1]);
  });

  it('accepts [..., in] inputs and rejects a wrong feature size', () => {
    const layer = new nn.Linear(4, 3, { seed: 1 });
    expect(layer.forward(tensor(new Float32Array(2 * 5 * 4), { shape: [2, 5, 4] })).shape).toEqual([2, 5, 3]);
    expect(() => layer.forward(tensor([[1, 2, 3]]))).toThrow(ShapeError);
    expect(() => layer.forward(tensor([[1, 2, 3]]))).toThrow(/expected \[\.\.\., 4\]/);
  });

  it('bias: false has no bias parameter', () => {
    const layer = new nn.Linear(2, 2, { bias: false, seed: 0 });
    expect(layer.bias).toBeNull();
    expect(layer.namedParameters().map(([n]) => n)).toEqual(['weight']);
  });

  it('same seed, same weights', () => {
    const a = new nn.Linear(5, 4, { seed: 42 });
    const b = new nn.Linear(5, 4, { seed: 42 });
    const c = new nn.Linear(5, 4, { seed: 43 });
    expect(a.weight.arraySync()).toEqual(b.weight.arraySync());
    expect(a.weight.arraySync()).not.toEqual(c.weight.arraySync());
  });

  it('gradcheck (float64) w.r.t. input, weight and bias', () => {
    const layer = new nn.Linear(3, 4, { dtype: 'float64', seed: 3 });
    const x = tensor(
      [
        [0.3, -1.2, 2],
        [1, 0.1, -0.4],
      ],
      { dtype: 'float64' },
    );
    const report = tidy(() =>
      gradcheck(
        (xi, w, b) => nn.functionalCall(layer, { weight: w, bias: b }, xi),
        [x, layer.weight, layer.bias!],
      ),
    );
    expect(report.ok).toBe(true);
  });
});
