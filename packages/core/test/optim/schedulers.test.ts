import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, optim, setBackend, tensor } from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

function sgd(lr = 0.1): optim.SGD {
  return new optim.SGD([tensor([1], { requiresGrad: true })], { lr });
}

/** lr after t = 0..n−1 scheduler steps. */
function trace(s: optim.LRScheduler, n: number): number[] {
  const out = [s.getLr()];
  for (let t = 1; t < n; t++) {
    s.step();
    out.push(s.getLr());
  }
  return out;
}

const expectClose = (got: number[], want: number[]) =>
  got.forEach((v, i) => {
    expect(v).toBeCloseTo(want[i], 14);
  });
const range = (n: number) => Array.from({ length: n }, (_, t) => t);

describe('learning-rate schedules', () => {
  it('StepLR: lr0 · γ^⌊t / stepSize⌋', () => {
    expectClose(
      trace(new optim.StepLR(sgd(), { stepSize: 3, gamma: 0.5 }), 8),
      range(8).map((t) => 0.1 * 0.5 ** Math.floor(t / 3)),
    );
  });

  it('ExponentialLR: lr0 · γ^t', () => {
    expectClose(
      trace(new optim.ExponentialLR(sgd(), { gamma: 0.9 }), 6),
      range(6).map((t) => 0.1 * 0.9 ** t),
    );
  });

  it('InverseTimeLR: lr0 / (1 + decay · t)', () => {
    expectClose(
      trace(new optim.InverseTimeLR(sgd(), { decay: 0.5 }), 6),
      range(6).map((t) => 0.1 / (1 + 0.5 * t)),
    );
  });

  it('CosineAnnealingLR with linear warm-up (past T it follows the cosine, as PyTorch)', () => {
    const W = 4;
    const T = 12;
    const min = 0.001;
    const want = range(15).map((t) =>
      t < W ? (0.1 * t) / W : min + (0.1 - min) * 0.5 * (1 + Math.cos((Math.PI * (t - W)) / (T - W))),
    );
    expectClose(
      trace(new optim.CosineAnnealingLR(sgd(), { totalSteps: T, warmupSteps: W, minLr: min }), 15),
      want,
    );
    // Without warm-up it starts at lr0 and ends at minLr.
    const plain = trace(new optim.CosineAnnealingLR(sgd(), { totalSteps: 10 }), 11);
    expect(plain[0]).toBe(0.1);
    expect(plain[5]).toBeCloseTo(0.05, 14);
    expect(plain[10]).toBeCloseTo(0, 14);
  });

  it('drives every param group from its own base lr, and the optimizer uses it', () => {
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([1], { requiresGrad: true });
    const opt = new optim.SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.1 });
    const s = new optim.StepLR(opt, { stepSize: 1, gamma: 0.5 });
    s.step();
    expectClose(s.getLrs(), [0.05, 0.5]);
    a.grad = tensor([1]);
    opt.step();
    expect(a.dataSync()[0]).toBeCloseTo(0.95, 6);
  });

  it('stateDict / loadStateDict resume the schedule', () => {
    const s = new optim.ExponentialLR(sgd(), { gamma: 0.5 });
    s.step();
    s.step();
    const resumed = new optim.ExponentialLR(sgd(), { gamma: 0.5 });
    resumed.loadStateDict(s.stateDict());
    expect(resumed.stepCount).toBe(2);
    expect(resumed.getLr()).toBeCloseTo(0.025, 14);
  });

  it('rejects bad settings', () => {
    expect(() => new optim.StepLR(sgd(), { stepSize: 0 })).toThrow(ArgumentError);
    expect(() => new optim.CosineAnnealingLR(sgd(), { totalSteps: 5, warmupSteps: 5 })).toThrow(
      /warm-up shorter/,
    );
  });
});

/** PyTorch 1.13's CosineAnnealingLR.get_lr (the recursive form step() uses), one group. */
function torchCosineRecursive(base: number, etaMin: number, tMax: number, n: number): number[] {
  const out = [base];
  let lr = base;
  const mod = (a: number, m: number) => ((a % m) + m) % m;
  for (let e = 1; e < n; e++) {
    if (mod(e - 1 - tMax, 2 * tMax) === 0) lr = lr + ((base - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    else
      lr =
        ((1 + Math.cos((Math.PI * e) / tMax)) / (1 + Math.cos((Math.PI * (e - 1)) / tMax))) * (lr - etaMin) +
        etaMin;
    out.push(lr);
  }
  return out;
}

describe('CosineAnnealingLR past its horizon is PyTorch’s', () => {
  it('matches PyTorch’s closed form and its recursive form for three periods (T = 5, eta_min 0.01)', () => {
    const n = 31;
    const closed = range(n).map((t) => 0.01 + (0.1 - 0.01) * 0.5 * (1 + Math.cos((Math.PI * t) / 5)));
    const got = trace(new optim.CosineAnnealingLR(sgd(), { totalSteps: 5, minLr: 0.01 }), n);
    expectClose(got, closed);
    expectClose(got, torchCosineRecursive(0.1, 0.01, 5, n));
    // At T the minimum, then back up: at 2T the base lr again.
    expect(got[5]).toBeCloseTo(0.01, 14);
    expect(got[7]).toBeGreaterThan(got[6]);
    expect(got[10]).toBeCloseTo(0.1, 14);
  });
});

/** PyTorch's chained schedulers: each step() multiplies the group's current lr by its own factor. */
describe('several schedulers on one optimizer multiply, as PyTorch’s', () => {
  it('StepLR (γ 0.1) then ExponentialLR (γ 0.5) from lr 0.1, each stepped once: 0.005 (was 0.01 / 0.05)', () => {
    const opt = sgd(0.1);
    const a = new optim.StepLR(opt, { stepSize: 1, gamma: 0.1 });
    const b = new optim.ExponentialLR(opt, { gamma: 0.5 });
    expect(opt.paramGroups[0].lr).toBe(0.1);
    a.step();
    b.step();
    expect(opt.paramGroups[0].lr).toBeCloseTo(0.005, 15);
    // The other order of step() calls gives the same.
    const opt2 = sgd(0.1);
    const a2 = new optim.StepLR(opt2, { stepSize: 1, gamma: 0.1 });
    const b2 = new optim.ExponentialLR(opt2, { gamma: 0.5 });
    b2.step();
    a2.step();
    expect(opt2.paramGroups[0].lr).toBeCloseTo(0.005, 15);
  });

  it('over many steps equals PyTorch’s recursive chain (StepLR 3 × 0.5, ExponentialLR 0.9, InverseTimeLR 0.2)', () => {
    const opt = sgd(0.1);
    const step = new optim.StepLR(opt, { stepSize: 3, gamma: 0.5 });
    const exp = new optim.ExponentialLR(opt, { gamma: 0.9 });
    const inv = new optim.InverseTimeLR(opt, { decay: 0.2 });
    let lr = 0.1;
    for (let e = 1; e <= 12; e++) {
      step.step();
      if (e % 3 === 0) lr *= 0.5;
      exp.step();
      lr *= 0.9;
      // the 1/(1 + d·t) schedule as a recursive factor
      inv.step();
      lr *= (1 + 0.2 * (e - 1)) / (1 + 0.2 * e);
      expect(opt.paramGroups[0].lr).toBeCloseTo(lr, 15);
    }
  });

  it('a cosine with minLr 0 chains with ExponentialLR as PyTorch’s recursive cosine does (within T)', () => {
    const opt = sgd(0.1);
    const cos = new optim.CosineAnnealingLR(opt, { totalSteps: 8 });
    const exp = new optim.ExponentialLR(opt, { gamma: 0.95 });
    let lr = 0.1;
    for (let e = 1; e < 8; e++) {
      cos.step();
      lr = ((1 + Math.cos((Math.PI * e) / 8)) / (1 + Math.cos((Math.PI * (e - 1)) / 8))) * lr;
      exp.step();
      lr *= 0.95;
      expect(opt.paramGroups[0].lr).toBeCloseTo(lr, 15);
    }
  });

  it('each group keeps its own base lr; a second scheduler starts from the initial lrs, not the current', () => {
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([1], { requiresGrad: true });
    const opt = new optim.SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.1 });
    const s1 = new optim.StepLR(opt, { stepSize: 1, gamma: 0.5 });
    s1.step();
    const s2 = new optim.ExponentialLR(opt, { gamma: 0.1 });
    expect(s2.baseLrs).toEqual([0.1, 1]);
    expectClose(
      opt.paramGroups.map((g) => g.lr),
      [0.05, 0.5],
    );
    s2.step();
    expectClose(
      opt.paramGroups.map((g) => g.lr),
      [0.005, 0.05],
    );
  });

  it('a cosine with minLr > 0 (affine, not a factor) refuses to be chained, either way round', () => {
    const opt = sgd(0.1);
    new optim.StepLR(opt, { stepSize: 1 });
    expect(() => new optim.CosineAnnealingLR(opt, { totalSteps: 5, minLr: 0.01 })).toThrow(ArgumentError);
    const opt2 = sgd(0.1);
    new optim.CosineAnnealingLR(opt2, { totalSteps: 5, minLr: 0.01 });
    expect(() => new optim.ExponentialLR(opt2, { gamma: 0.5 })).toThrow(/minLr 0.01.*not a factor of the lr/);
    expect(opt2.paramGroups[0].lr).toBe(0.1);
  });
});
