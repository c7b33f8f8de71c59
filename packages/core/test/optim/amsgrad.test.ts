import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, optim, setBackend, type Tensor, tensor } from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

interface Hyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  decoupled: boolean;
  amsgrad: boolean;
}

/** PyTorch's documented Adam/AdamW algorithm (torch.optim.Adam, amsgrad branch), one scalar, float64. */
function reference(w0: number, grads: readonly number[], h: Hyper): number[] {
  let w = w0;
  let m = 0;
  let v = 0;
  let vMax = 0;
  const out: number[] = [];
  grads.forEach((g0, k) => {
    const t = k + 1;
    let g = g0;
    if (h.decoupled) w *= 1 - h.lr * h.weightDecay;
    else g += h.weightDecay * w;
    m = h.beta1 * m + (1 - h.beta1) * g;
    v = h.beta2 * v + (1 - h.beta2) * g * g;
    const bc1 = 1 - h.beta1 ** t;
    const bc2 = 1 - h.beta2 ** t;
    let denom: number;
    if (h.amsgrad) {
      vMax = Math.max(vMax, v);
      denom = Math.sqrt(vMax) / Math.sqrt(bc2) + h.eps;
    } else denom = Math.sqrt(v) / Math.sqrt(bc2) + h.eps;
    w -= (h.lr / bc1) * (m / denom);
    out.push(w);
  });
  return out;
}

/** Run `opt` on parameters whose gradient at step k is `grads[k]` (per element). */
function trajectory(make: (ps: Tensor[]) => optim.Adam, w0: number[], grads: number[][]): number[][] {
  const p = tensor(w0, { dtype: 'float64', requiresGrad: true });
  const opt = make([p]);
  return grads.map((g) => {
    opt.zeroGrad();
    p.grad = tensor(g, { dtype: 'float64' });
    opt.step();
    return Array.from(p.dataSync());
  });
}

// Large early gradients then small ones: v decays below its maximum, so vMax is what divides.
const GRADS = [
  [1, -2],
  [0.1, 0.5],
  [0.05, -0.1],
  [0.02, 0.01],
  [-0.3, 0.2],
  [0.01, 0.01],
];
const W0 = [0.5, -1];

describe('Adam / AdamW amsgrad (PyTorch algorithm)', () => {
  const base: Hyper = {
    lr: 0.1,
    beta1: 0.9,
    beta2: 0.5,
    eps: 1e-8,
    weightDecay: 0,
    decoupled: false,
    amsgrad: true,
  };

  for (const [name, h] of [
    ['Adam amsgrad', base],
    ['Adam amsgrad + L2 weight decay', { ...base, weightDecay: 0.1 }],
    ['AdamW amsgrad (decoupled decay)', { ...base, weightDecay: 0.1, decoupled: true }],
  ] as const) {
    it(`${name}: six steps match the reference trajectory`, () => {
      const got = trajectory(
        (ps) =>
          new (h.decoupled ? optim.AdamW : optim.Adam)(ps, {
            lr: h.lr,
            betas: [h.beta1, h.beta2],
            eps: h.eps,
            weightDecay: h.weightDecay,
            amsgrad: true,
          }),
        W0,
        GRADS,
      );
      const want = W0.map((w, i) =>
        reference(
          w,
          GRADS.map((g) => g[i]),
          h,
        ),
      );
      got.forEach((row, k) => {
        row.forEach((v, i) => {
          expect(v).toBeCloseTo(want[i][k], 13);
        });
      });
    });
  }

  it('differs from plain Adam once v falls below its maximum (the test can fail)', () => {
    const amsgrad = trajectory(
      (ps) => new optim.Adam(ps, { lr: 0.1, betas: [0.9, 0.5], amsgrad: true }),
      W0,
      GRADS,
    );
    const plain = trajectory((ps) => new optim.Adam(ps, { lr: 0.1, betas: [0.9, 0.5] }), W0, GRADS);
    const plainRef = reference(
      W0[0],
      GRADS.map((g) => g[0]),
      { ...base, amsgrad: false },
    );
    plain.forEach((row, k) => {
      expect(row[0]).toBeCloseTo(plainRef[k], 13);
    });
    expect(amsgrad[0][0]).toBeCloseTo(plain[0][0], 15); // step 1: vMax = v
    expect(Math.abs(amsgrad[5][0] - plain[5][0])).toBeGreaterThan(1e-3);
  });

  it('keeps vMax in the state dict; resuming continues the same trajectory', () => {
    const p = tensor(W0, { dtype: 'float64', requiresGrad: true });
    const opt = new optim.Adam([p], { lr: 0.1, betas: [0.9, 0.5], amsgrad: true });
    for (const g of GRADS.slice(0, 3)) {
      p.grad = tensor(g, { dtype: 'float64' });
      opt.step();
    }
    const sd = opt.stateDict();
    expect(Object.keys(sd.state[0].buffers).sort()).toEqual(['m', 'v', 'vMax']);
    expect(sd.paramGroups[0].amsgrad).toBe(true);
    const q = tensor(Array.from(p.dataSync()), { dtype: 'float64', requiresGrad: true });
    const resumed = new optim.Adam([q], { lr: 0.1, betas: [0.9, 0.5], amsgrad: true });
    resumed.loadStateDict(sd);
    for (const g of GRADS.slice(3)) {
      p.grad = tensor(g, { dtype: 'float64' });
      opt.step();
      q.grad = tensor(g, { dtype: 'float64' });
      resumed.step();
    }
    expect(Array.from(q.dataSync())).toEqual(Array.from(p.dataSync()));
  });

  it('rejects a non-boolean amsgrad and unknown option keys, naming the valid ones', () => {
    const p = () => [tensor([1], { requiresGrad: true })];
    expect(() => new optim.Adam(p(), { amsgrad: 1 as never })).toThrow(/amsgrad = 1; expected a boolean/);
    expect(() => new optim.Adam(p(), { ams_grad: true } as never)).toThrow(
      /unknown option 'ams_grad' \(did you mean 'amsgrad'\?\); valid options are 'lr', 'betas', 'eps', 'weightDecay', 'amsgrad'/,
    );
    expect(() => new optim.Adam(p(), { weight_decay: 0.1 } as never)).toThrow(ArgumentError);
    expect(() => new optim.AdamW([{ params: p(), amsgrad: true, momentum: 0.9 } as never])).toThrow(
      ArgumentError,
    );
  });
});
