import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, gradcheck, nn, setBackend, type Tensor, tensor } from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const data = (t: Tensor | null | undefined) => Array.from(t?.dataSync() ?? []);
const LOGITS = [
  [2, 1, 0.1, -3],
  [0.5, 2.5, -1, 0],
  [1000, -1000, 999, 3],
];
const LABELS = [0, 2, 1];

function logProbs(row: number[]): number[] {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
}

/** PyTorch's definition: (1 − ε)·(−log p[y]) + ε·(1/C)·Σ_c −log p[c]. */
function smoothedLoss(row: number[], y: number, eps: number): number {
  const lp = logProbs(row);
  return (1 - eps) * -lp[y] + (eps * lp.reduce((s, v) => s - v, 0)) / row.length;
}

const logits = () => tensor(LOGITS, { dtype: 'float64' });
const labels = () => tensor(LABELS, { dtype: 'int32' });

describe('CrossEntropyLoss({ labelSmoothing }) as PyTorch defines it', () => {
  it('per-sample values equal (1 − ε)·CE + ε·mean over classes of −log p, also at ±1000 logits', () => {
    for (const eps of [0.1, 0.5, 1]) {
      const got = data(nn.crossEntropy(logits(), labels(), { labelSmoothing: eps, reduction: 'none' }));
      LOGITS.forEach((row, i) => {
        expect(got[i]).toBeCloseTo(smoothedLoss(row, LABELS[i], eps), 10);
      });
    }
  });

  it('the module applies it (was accepted and ignored), with mean and sum reductions', () => {
    const want = LOGITS.map((row, i) => smoothedLoss(row, LABELS[i], 0.1));
    const mean = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }).forward(logits(), labels());
    expect(data(mean)[0]).toBeCloseTo(want.reduce((a, b) => a + b) / 3, 10);
    const plain = data(new nn.CrossEntropyLoss().forward(logits(), labels()))[0];
    expect(Math.abs(data(mean)[0] - plain)).toBeGreaterThan(1e-3);
    const sum = new nn.CrossEntropyLoss({ labelSmoothing: 0.1, reduction: 'sum' }).forward(
      logits(),
      labels(),
    );
    expect(data(sum)[0]).toBeCloseTo(
      want.reduce((a, b) => a + b),
      10,
    );
  });

  it('gradient = softmax − ((1 − ε)·onehot + ε/C) per sample (hand-derived), and central differences', () => {
    const eps = 0.2;
    const x = logits().requiresGrad_();
    nn.crossEntropy(x, labels(), { labelSmoothing: eps, reduction: 'sum' }).backward();
    const want = LOGITS.flatMap((row, i) =>
      logProbs(row).map((lp, c) => Math.exp(lp) - ((1 - eps) * (c === LABELS[i] ? 1 : 0) + eps / row.length)),
    );
    data(x.grad).forEach((g, k) => {
      expect(g).toBeCloseTo(want[k], 12);
    });
    const small = tensor(LOGITS.slice(0, 2), { dtype: 'float64' });
    const r = gradcheck(
      (a) => nn.crossEntropy(a, tensor([0, 2], { dtype: 'int32' }), { labelSmoothing: eps }),
      [small],
    );
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  it('ε = 0 is plain cross-entropy', () => {
    const a = data(nn.crossEntropy(logits(), labels(), { labelSmoothing: 0, reduction: 'none' }));
    const b = data(nn.crossEntropy(logits(), labels(), { reduction: 'none' }));
    expect(a).toEqual(b);
  });

  it('a misspelt option or an ε outside [0, 1] fails, naming the valid keys', () => {
    expect(() => new nn.CrossEntropyLoss({ label_smoothing: 0.1 } as never)).toThrow(
      /unknown option 'label_smoothing' \(did you mean 'labelSmoothing'\?\); valid options are 'reduction', 'labelSmoothing'/,
    );
    expect(() => nn.crossEntropy(logits(), labels(), { labelSmothing: 0.1 } as never)).toThrow(ArgumentError);
    expect(() => new nn.CrossEntropyLoss({ labelSmoothing: 1.5 })).toThrow(/labelSmoothing = 1.5/);
    expect(() => new nn.CrossEntropyLoss({ labelSmoothing: -0.1 })).toThrow(ArgumentError);
    expect(() => new nn.NLLLoss({ labelSmoothing: 0.1 } as never)).toThrow(ArgumentError);
  });
});
