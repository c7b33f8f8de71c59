import '@polygrad/backend-cpu';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ArgumentError,
  add,
  getBackend,
  mul,
  nn,
  optim,
  setBackend,
  sum,
  type Tensor,
  tensor,
} from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});
afterEach(() => {
  vi.restoreAllMocks();
});

const param = (v: number[]) => tensor(v, { dtype: 'float64', requiresGrad: true });
const setGrad = (p: Tensor, g: number[]) => {
  p.grad?.dispose();
  p.grad = tensor(g, { dtype: 'float64' });
};
const values = (p: Tensor) => Array.from(p.dataSync());
const expectClose = (got: number[], want: number[]) =>
  got.forEach((v, i) => {
    expect(v).toBeCloseTo(want[i], 14);
  });

const W0 = [1, -2, 3];
const GRADS = [
  [0.5, 0.5, -1],
  [-0.25, 1, 2],
  [1, -1, 0.5],
];

/** Float64 reference of the documented update, step by step. */
function referenceSGD(o: {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
  l1?: number;
}): number[][] {
  const { lr, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0, l1 = 0 } = o;
  let w = [...W0];
  let v = [0, 0, 0];
  const out: number[][] = [];
  for (const [k, g] of GRADS.entries()) {
    const gp = g.map((gi, i) => gi + weightDecay * w[i] + l1 * Math.sign(w[i]));
    let step = gp;
    if (momentum > 0) {
      // PyTorch: the first velocity is the gradient itself (not dampened).
      v = k === 0 ? gp : v.map((vi, i) => momentum * vi + (1 - dampening) * gp[i]);
      step = nesterov ? gp.map((gi, i) => gi + momentum * v[i]) : v;
    }
    w = w.map((wi, i) => wi - lr * step[i]);
    out.push(w);
  }
  return out;
}

function run(options: ConstructorParameters<typeof optim.SGD>[1]): number[][] {
  const p = param(W0);
  const opt = new optim.SGD([p], options);
  return GRADS.map((g) => {
    setGrad(p, g);
    opt.step();
    return values(p);
  });
}

describe('SGD', () => {
  it('plain step by hand: w − η·g', () => {
    const got = run({ lr: 0.1 });
    expectClose(got[0], [0.95, -2.05, 3.1]);
    expectClose(got[1], [0.975, -2.15, 2.9]);
  });

  it('momentum by hand: v = μv + g, w −= ηv', () => {
    const got = run({ lr: 0.1, momentum: 0.9 });
    // step 1: v = g1; step 2: v = 0.9·g1 + g2 = [0.2, 1.45, 1.1]
    expectClose(got[0], [0.95, -2.05, 3.1]);
    expectClose(got[1], [0.93, -2.195, 2.99]);
  });

  it('dampening by hand, as PyTorch: v = g on step 1, then v = μv + (1 − d)g', () => {
    const got = run({ lr: 0.1, momentum: 0.9, dampening: 0.5 });
    // step 1: v = g1 = [0.5, 0.5, -1] (not 0.5·g1): w = [0.95, -2.05, 3.1]
    expectClose(got[0], [0.95, -2.05, 3.1]);
    // step 2: v = 0.9·g1 + 0.5·g2 = [0.325, 0.95, 0.1]: w = [0.9175, -2.145, 3.09]
    expectClose(got[1], [0.9175, -2.145, 3.09]);
  });

  it('momentum with dampening, Nesterov, L2 and L1 match the reference for 3 steps', () => {
    const cases = [
      { lr: 0.05, momentum: 0.8, dampening: 0.3 },
      { lr: 0.05, momentum: 0.9, nesterov: true },
      { lr: 0.1, weightDecay: 0.2 },
      { lr: 0.1, l1: 0.05 },
      { lr: 0.02, momentum: 0.5, nesterov: true, weightDecay: 0.1, l1: 0.01 },
    ];
    for (const c of cases) {
      const got = run(c);
      const want = referenceSGD(c);
      got.forEach((w, k) => {
        expectClose(w, want[k]);
      });
    }
  });

  it("weightDecay = 2α is the seed's w ← (1 − 2ηα)·w − η·∂C/∂w, and equals adding α‖w‖² to the loss", () => {
    const eta = 0.1;
    const alpha = 0.05;
    const c = [0.5, 0.5, -1];
    // C(w) = Σ c ⊙ w, so ∂C/∂w = c.
    const seed = W0.map((w, i) => (1 - 2 * eta * alpha) * w - eta * c[i]);

    const a = param(W0);
    const optA = new optim.SGD([a], { lr: eta, weightDecay: 2 * alpha });
    sum(mul(a, tensor(c, { dtype: 'float64' }))).backward();
    optA.step();
    expectClose(values(a), seed);

    const b = param(W0);
    const optB = new optim.SGD([b], { lr: eta });
    add(sum(mul(b, tensor(c, { dtype: 'float64' }))), mul(nn.l2Penalty([b]), alpha)).backward();
    optB.step();
    expectClose(values(b), seed);
  });

  it('skips parameters without a gradient and updates in place (same tensor object)', () => {
    const p = param([1, 2]);
    const q = param([3, 4]);
    const opt = new optim.SGD([p, q], { lr: 1 });
    setGrad(p, [1, 1]);
    opt.step();
    expect(values(p)).toEqual([0, 1]);
    expect(values(q)).toEqual([3, 4]);
    expect(opt.params[0]).toBe(p);
  });

  it('reads nothing back to the host during a step', () => {
    const p = param([1, 2, 3]);
    const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 });
    setGrad(p, [1, 1, 1]);
    const backend = getBackend();
    const read = vi.spyOn(backend, 'read');
    const readSync = backend.readSync ? vi.spyOn(backend, 'readSync' as 'read') : null;
    opt.step();
    opt.step();
    expect(read).not.toHaveBeenCalled();
    if (readSync) expect(readSync).not.toHaveBeenCalled();
    // The spies do see a readback:
    p.dataSync();
    expect((readSync ?? read).mock.calls.length).toBeGreaterThan(0);
  });

  it('zeroGrad clears gradients; param groups have their own options', () => {
    const p = param([1]);
    const q = param([1]);
    const opt = new optim.SGD([{ params: [p] }, { params: [q], lr: 0.5 }], { lr: 0.1 });
    setGrad(p, [1]);
    setGrad(q, [1]);
    opt.step();
    expectClose(values(p), [0.9]);
    expectClose(values(q), [0.5]);
    opt.zeroGrad();
    expect(p.grad).toBeNull();
    expect(q.grad).toBeNull();
  });

  it('rejects bad options clearly', () => {
    const p = param([1]);
    expect(() => new optim.SGD([p], { lr: -1 })).toThrow(/lr = -1/);
    expect(() => new optim.SGD([p], { lr: 0.1, nesterov: true })).toThrow(/nesterov needs momentum > 0/);
    expect(() => new optim.SGD([], { lr: 0.1 })).toThrow(ArgumentError);
    expect(() => new optim.SGD([p, p], { lr: 0.1 })).toThrow(/appears twice/);
  });
});
