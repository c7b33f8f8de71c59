import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { optim, ShapeError, setBackend, type Tensor, tensor } from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const param = (v: number[]) => tensor(v, { dtype: 'float64', requiresGrad: true });
const setGrad = (p: Tensor, g: number[]) => {
  p.grad?.dispose();
  p.grad = tensor(g, { dtype: 'float64' });
};
const values = (p: Tensor) => Array.from(p.dataSync());
const expectClose = (got: number[], want: number[], digits = 14) =>
  got.forEach((v, i) => {
    expect(v).toBeCloseTo(want[i], digits);
  });

const W0 = [1, -2, 3];
const GRADS = [
  [0.5, 0.5, -1],
  [-0.25, 1, 2],
  [1, -1, 0.5],
];

/** Float64 Adam / AdamW, written out from Kingma & Ba (with bias correction). */
function referenceAdam(o: {
  lr: number;
  b1: number;
  b2: number;
  eps: number;
  wd: number;
  decoupled: boolean;
}): number[][] {
  let w = [...W0];
  let m = [0, 0, 0];
  let v = [0, 0, 0];
  const out: number[][] = [];
  GRADS.forEach((g0, k) => {
    const t = k + 1;
    if (o.decoupled) w = w.map((wi) => wi * (1 - o.lr * o.wd));
    const g = o.decoupled ? g0 : g0.map((gi, i) => gi + o.wd * w[i]);
    m = m.map((mi, i) => o.b1 * mi + (1 - o.b1) * g[i]);
    v = v.map((vi, i) => o.b2 * vi + (1 - o.b2) * g[i] * g[i]);
    w = w.map((wi, i) => {
      const mHat = m[i] / (1 - o.b1 ** t);
      const vHat = v[i] / (1 - o.b2 ** t);
      return wi - (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
    });
    out.push(w);
  });
  return out;
}

function run(make: (p: Tensor) => optim.Optimizer<optim.AdamOptions>): {
  steps: number[][];
  opt: optim.Optimizer<optim.AdamOptions>;
  p: Tensor;
} {
  const p = param(W0);
  const opt = make(p);
  const steps = GRADS.map((g) => {
    setGrad(p, g);
    opt.step();
    return values(p);
  });
  return { steps, opt, p };
}

describe('Adam', () => {
  it('first step by hand: bias correction makes it −η·g/(|g| + ε)', () => {
    const { steps } = run((p) => new optim.Adam([p], { lr: 0.1 }));
    const eps = 1e-8;
    expectClose(
      steps[0],
      W0.map((w, i) => w - (0.1 * GRADS[0][i]) / (Math.abs(GRADS[0][i]) + eps)),
    );
  });

  it('three steps match the float64 reference (defaults and custom betas)', () => {
    const a = run((p) => new optim.Adam([p], { lr: 0.1 }));
    referenceAdam({ lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: false }).forEach((w, k) => {
      expectClose(a.steps[k], w);
    });
    const b = run((p) => new optim.Adam([p], { lr: 0.05, betas: [0.5, 0.9], eps: 1e-3, weightDecay: 0.1 }));
    referenceAdam({ lr: 0.05, b1: 0.5, b2: 0.9, eps: 1e-3, wd: 0.1, decoupled: false }).forEach((w, k) => {
      expectClose(b.steps[k], w);
    });
  });

  it('AdamW decays the weights directly (decoupled), default weightDecay 0.01', () => {
    const a = run((p) => new optim.AdamW([p], { lr: 0.1 }));
    referenceAdam({ lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.01, decoupled: true }).forEach((w, k) => {
      expectClose(a.steps[k], w);
    });
    const b = run((p) => new optim.AdamW([p], { lr: 0.1, weightDecay: 0.5 }));
    referenceAdam({ lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.5, decoupled: true }).forEach((w, k) => {
      expectClose(b.steps[k], w);
    });
  });

  it('stateDict holds step, m and v; loading it continues the run exactly', () => {
    const p = param(W0);
    const opt = new optim.Adam([p], { lr: 0.1 });
    for (const g of GRADS.slice(0, 2)) {
      setGrad(p, g);
      opt.step();
    }
    const saved = opt.stateDict();
    expect(saved.state[0].step).toBe(2);
    expect(Object.keys(saved.state[0].buffers).sort()).toEqual(['m', 'v']);
    expect(saved.paramGroups[0]).toMatchObject({ lr: 0.1, params: [0] });

    const q = param(values(p));
    const resumed = new optim.Adam([q], { lr: 0.5 });
    resumed.loadStateDict(saved);
    expect(resumed.paramGroups[0].lr).toBe(0.1);
    setGrad(p, GRADS[2]);
    setGrad(q, GRADS[2]);
    opt.step();
    resumed.step();
    expect(values(q)).toEqual(values(p));
    expectClose(
      values(p),
      referenceAdam({ lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: false })[2],
    );
  });

  it('loadStateDict validates before changing anything', () => {
    const p = param(W0);
    const opt = new optim.Adam([p], { lr: 0.1 });
    setGrad(p, GRADS[0]);
    opt.step();
    const saved = opt.stateDict();
    const other = new optim.Adam([param([1, 2])], { lr: 0.3 });
    expect(() => other.loadStateDict(saved)).toThrow(ShapeError);
    expect(other.paramGroups[0].lr).toBe(0.3);
    expect(() => other.loadStateDict({ ...saved, paramGroups: [] })).toThrow(
      /0 parameter groups; expected 1/,
    );
  });

  it('SGD momentum state round-trips through stateDict', () => {
    const p = param(W0);
    const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    setGrad(p, GRADS[0]);
    opt.step();
    const saved = opt.stateDict();
    expect(Array.from(saved.state[0].buffers.velocity.dataSync())).toEqual(GRADS[0]);
    const q = param(values(p));
    const again = new optim.SGD([q], { lr: 0.1, momentum: 0.9 });
    again.loadStateDict(saved);
    setGrad(p, GRADS[1]);
    setGrad(q, GRADS[1]);
    opt.step();
    again.step();
    expect(values(q)).toEqual(values(p));
  });
});
