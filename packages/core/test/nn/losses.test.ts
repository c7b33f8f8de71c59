import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  DTypeError,
  gradcheck,
  logSoftmax,
  nn,
  ShapeError,
  setBackend,
  type Tensor,
  tensor,
  tidy,
} from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const f64 = (v: number[][]) => tensor(v, { dtype: 'float64' });
const labels = (v: number[]) => tensor(v, { dtype: 'int32' });

function lse(row: number[]): number {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
}

const LOGITS = [
  [2, -1, 0.5],
  [0.1, 0.2, 3],
  [-1, 4, 0],
];
const Y = [0, 2, 1];
const PER_SAMPLE = LOGITS.map((r, i) => lse(r) - r[Y[i]]);

describe('CrossEntropyLoss', () => {
  it('equals logsumexp − logit[label], with mean / sum / none reductions', () => {
    const x = f64(LOGITS);
    const y = labels(Y);
    const none = new nn.CrossEntropyLoss({ reduction: 'none' }).forward(x, y).arraySync() as number[];
    none.forEach((v, i) => {
      expect(v).toBeCloseTo(PER_SAMPLE[i], 12);
    });
    const total = PER_SAMPLE.reduce((a, b) => a + b);
    expect(new nn.CrossEntropyLoss({ reduction: 'sum' }).forward(x, y).itemSync()).toBeCloseTo(total, 12);
    expect(new nn.CrossEntropyLoss().forward(x, y).itemSync()).toBeCloseTo(total / 3, 12);
    expect(nn.crossEntropy(x, y).itemSync()).toBeCloseTo(total / 3, 12);
  });

  it('is finite and exact for logits of ±1000 (float32 too)', () => {
    const big = [
      [1000, -1000, 0],
      [-1000, 1000, 1000],
    ];
    for (const dtype of ['float32', 'float64'] as const) {
      const x = tensor(big, { dtype, requiresGrad: true });
      const loss = nn.crossEntropy(x, labels([1, 2]), { reduction: 'none' });
      const v = loss.arraySync() as number[];
      expect(v[0]).toBeCloseTo(2000, 3);
      expect(v[1]).toBeCloseTo(Math.log(2), 6);
      loss.sum().backward();
      const g = (x.grad!.arraySync() as number[][]).flat();
      expect(g.every(Number.isFinite)).toBe(true);
      // d/dlogits = softmax − onehot.
      expect(g[0]).toBeCloseTo(1, 6);
      expect(g[1]).toBeCloseTo(-1, 6);
      expect(g[4]).toBeCloseTo(0.5, 6);
      expect(g[5]).toBeCloseTo(-0.5, 6);
    }
  });

  it('rejects float labels, wrong shapes, out-of-range labels and unknown reductions', () => {
    const x = f64(LOGITS);
    expect(() => nn.crossEntropy(x, tensor([0, 1, 2]))).toThrow(DTypeError);
    expect(() => nn.crossEntropy(x, labels([0, 1]))).toThrow(ShapeError);
    expect(() => nn.crossEntropy(x, labels([0, 1, 3]))).toThrow(/out of range/);
    expect(() => new nn.CrossEntropyLoss({ reduction: 'avg' as 'mean' })).toThrow(ArgumentError);
  });

  it('gradcheck for every reduction', () => {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const r = tidy(() => gradcheck((x) => nn.crossEntropy(x, labels(Y), { reduction }), [f64(LOGITS)]));
      expect(r.ok).toBe(true);
    }
  });
});

describe('NLLLoss', () => {
  it('on LogSoftmax output equals cross-entropy on logits', () => {
    const x = f64(LOGITS);
    const nll = new nn.NLLLoss({ reduction: 'none' })
      .forward(logSoftmax(x), labels(Y))
      .arraySync() as number[];
    nll.forEach((v, i) => {
      expect(v).toBeCloseTo(PER_SAMPLE[i], 12);
    });
  });

  it('picks −logProbs[i, label_i] and routes the gradient there only', () => {
    const lp = tensor(
      [
        [-0.1, -2, -3],
        [-1, -0.5, -4],
      ],
      { requiresGrad: true },
    );
    const loss = nn.nllLoss(lp, labels([2, 1]), { reduction: 'sum' });
    expect(loss.itemSync()).toBeCloseTo(3.5, 6);
    loss.backward();
    expect(lp.grad!.arraySync()).toEqual([
      [0, 0, -1],
      [0, -1, 0],
    ]);
    expect(() => nn.nllLoss(lp, labels([3, 0]))).toThrow(/out of range/);
  });

  it('gradcheck (through LogSoftmax too)', () => {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const r = tidy(() => gradcheck((x) => nn.nllLoss(x, labels(Y), { reduction }), [f64(LOGITS)]));
      expect(r.ok).toBe(true);
    }
    const r = tidy(() =>
      gradcheck((x) => new nn.NLLLoss().forward(new nn.LogSoftmax().forward(x), labels(Y)), [f64(LOGITS)]),
    );
    expect(r.ok).toBe(true);
  });
});

describe('MSELoss', () => {
  it('values, reductions and shape check', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([
      [0, 2],
      [5, 1],
    ]);
    expect(new nn.MSELoss({ reduction: 'none' }).forward(a, b).arraySync()).toEqual([
      [1, 0],
      [4, 9],
    ]);
    expect(new nn.MSELoss({ reduction: 'sum' }).forward(a, b).itemSync()).toBe(14);
    expect(new nn.MSELoss().forward(a, b).itemSync()).toBe(3.5);
    expect(() => nn.mseLoss(a, tensor([1, 2]))).toThrow(ShapeError);
  });

  it('gradcheck w.r.t. input and target', () => {
    const r = tidy(() =>
      gradcheck(
        (x, t) => nn.mseLoss(x, t),
        [
          f64([
            [0.3, -1],
            [2, 0.5],
          ]),
          f64([
            [1, 1],
            [-1, 0],
          ]),
        ],
      ),
    );
    expect(r.ok).toBe(true);
  });
});

describe('L2 / L1 penalties', () => {
  it('l2Penalty = Σ‖w‖² with gradient 2w; l1Penalty = Σ|w| with gradient sign(w)', () => {
    const w1 = tensor([[1, -2]], { requiresGrad: true });
    const w2 = tensor([3, 0], { requiresGrad: true });
    const l2 = nn.l2Penalty([w1, w2]);
    expect(l2.itemSync()).toBe(14);
    l2.backward();
    expect(w1.grad!.arraySync()).toEqual([[2, -4]]);
    expect(w2.grad!.arraySync()).toEqual([6, 0]);
    w1.zeroGrad();
    w2.zeroGrad();
    const l1 = nn.l1Penalty([w1, w2]);
    expect(l1.itemSync()).toBe(6);
    l1.backward();
    expect(w1.grad!.arraySync()).toEqual([[1, -1]]);
    expect(w2.grad!.arraySync()).toEqual([1, 0]);
    expect(nn.l2Penalty([]).itemSync()).toBe(0);
  });

  it('works on a model as a loss term and passes gradcheck', () => {
    const model = new nn.Linear(3, 2, { seed: 0 });
    const loss = nn.l2Penalty(model.parameters()).mul(0.01);
    expect(loss.shape).toEqual([]);
    const r = tidy(() =>
      gradcheck(
        (a: Tensor, b: Tensor) => nn.l2Penalty([a, b]).add(nn.l1Penalty([a, b])),
        [f64([[0.5, -1.5]]), f64([[2, -0.25]])],
      ),
    );
    expect(r.ok).toBe(true);
  });
});
