import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  memory,
  nn,
  ShapeError,
  setBackend,
  sum,
  type Tensor,
  tensor,
  tidy,
  zeros,
} from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

class Block extends nn.Module {
  readonly fc: nn.Linear;
  constructor(seed: number) {
    super();
    this.fc = this.registerModule('fc', new nn.Linear(2, 3, { seed }));
    this.registerParameter('scale', zeros([3]));
  }
  override forward(x: Tensor): Tensor {
    return this.fc.forward(x).mul(this.getParameter('scale'));
  }
}

function mlp(seed = 0): nn.Sequential {
  return new nn.Sequential(
    new nn.Linear(4, 8, { seed }),
    new nn.ReLU(),
    new nn.Dropout(0.5, { seed }),
    new nn.Linear(8, 2, { seed: seed + 1 }),
  );
}

describe('Module', () => {
  it('names parameters with dotted paths in registration order', () => {
    const net = new nn.Sequential(mlp(), new Block(3));
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      '0.0.weight',
      '0.0.bias',
      '0.3.weight',
      '0.3.bias',
      '1.scale',
      '1.fc.weight',
      '1.fc.bias',
    ]);
    expect(net.parameters()).toHaveLength(7);
    expect(net.numParameters()).toBe(4 * 8 + 8 + 8 * 2 + 2 + 3 + 2 * 3 + 3);
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
  });

  it('lists a shared module once', () => {
    const shared = new nn.Linear(2, 2, { seed: 1 });
    const net = new nn.Sequential(shared, new nn.ReLU(), shared);
    expect(net.parameters()).toHaveLength(2);
  });

  it('rejects bad or duplicate names and non-leaf parameters', () => {
    const m = new Block(0);
    expect(() => m.registerParameter('scale', zeros([1]))).toThrow(ArgumentError);
    expect(() => m.registerModule('a.b', new nn.ReLU())).toThrow(/invalid/);
    const t = tensor([1, 2], { requiresGrad: true });
    expect(() => m.registerParameter('derived', t.mul(2))).toThrow(/leaf/);
  });

  it('train() / eval() reach every descendant and Dropout obeys', () => {
    const net = mlp();
    net.eval();
    expect(net.namedModules().every(([, m]) => !m.training)).toBe(true);
    const x = tensor([[1, 2, 3, 4]]);
    expect(net.forward(x).arraySync()).toEqual(net.forward(x).arraySync());
    net.train();
    expect(net.namedModules().every(([, m]) => m.training)).toBe(true);
  });

  it('zeroGrad clears every gradient', () => {
    const net = mlp();
    sum(net.forward(tensor([[1, 2, 3, 4]]))).backward();
    expect(net.parameters().some((p) => p.grad !== null)).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('parameters survive tidy()', () => {
    const net = tidy(() => mlp());
    expect(net.parameters().every((p) => !p.isDisposed)).toBe(true);
    const before = memory().tensors;
    net.dispose();
    expect(memory().tensors).toBe(before - 4);
  });

  it('stateDict is a snapshot; loadStateDict restores it in place', () => {
    const net = mlp(1);
    const weight = net.parameters()[0];
    const saved = net.stateDict();
    expect(Object.keys(saved)).toEqual(['0.weight', '0.bias', '3.weight', '3.bias']);
    const original = saved['0.weight'].arraySync();
    nn.init.assign(weight, zeros(weight.shape));
    expect(saved['0.weight'].arraySync()).toEqual(original);
    net.loadStateDict(saved);
    expect(net.parameters()[0]).toBe(weight);
    expect(weight.arraySync()).toEqual(original);
    // The parameter does not share storage with the dict.
    nn.init.assign(weight, zeros(weight.shape));
    expect(saved['0.weight'].arraySync()).toEqual(original);
  });

  it('loadStateDict validates everything before changing anything', () => {
    const net = mlp(2);
    const other = mlp(7).stateDict();
    const before = net.parameters().map((p) => p.arraySync());
    const unchanged = () => expect(net.parameters().map((p) => p.arraySync())).toEqual(before);

    const { '3.bias': _dropped, ...missing } = other;
    expect(() => net.loadStateDict(missing)).toThrow(ArgumentError);
    expect(() => net.loadStateDict(missing)).toThrow(/missing key \['3\.bias'\]/);
    unchanged();

    expect(() => net.loadStateDict({ ...other, 'extra.weight': zeros([1]) })).toThrow(
      /unexpected key \['extra\.weight'\]/,
    );
    unchanged();

    // Wrong shape on the LAST key: the first three must not have been written.
    expect(() => net.loadStateDict({ ...other, '3.bias': zeros([3]) })).toThrow(ShapeError);
    expect(() => net.loadStateDict({ ...other, '3.bias': zeros([3]) })).toThrow(
      /'3\.bias' has shape \[3\]; expected \[2\]/,
    );
    unchanged();

    // Non-strict: missing and extra keys are skipped, present ones loaded.
    net.loadStateDict({ '0.bias': other['0.bias'], junk: zeros([1]) }, { strict: false });
    expect(net.parameters()[1].arraySync()).toEqual(other['0.bias'].arraySync());
    expect(net.parameters()[0].arraySync()).toEqual(before[0]);
  });

  it('loadStateDict casts values to the parameter dtype', () => {
    const layer = new nn.Linear(2, 1, { seed: 0 });
    layer.loadStateDict({
      weight: tensor([[1, 2]], { dtype: 'float64' }),
      bias: tensor([3], { dtype: 'float64' }),
    });
    expect(layer.weight.dtype).toBe('float32');
    expect(layer.weight.arraySync()).toEqual([[1, 2]]);
  });

  it("to('cpu') on the same backend keeps the same tensors", () => {
    const net = mlp();
    const params = net.parameters();
    expect(net.to('cpu')).toBe(net);
    expect(net.parameters()).toEqual(params);
    expect(params.every((p) => p.backendName === 'cpu')).toBe(true);
  });

  it('prints a PyTorch-style tree', () => {
    expect(mlp().toString()).toBe(
      [
        'Sequential(',
        '  (0): Linear(inFeatures=4, outFeatures=8, bias=true)',
        '  (1): ReLU()',
        '  (2): Dropout(p=0.5)',
        '  (3): Linear(inFeatures=8, outFeatures=2, bias=true)',
        ')',
      ].join('\n'),
    );
  });

  it('functionalCall swaps parameters for one call and restores them', () => {
    const layer = new nn.Linear(2, 1, { seed: 0 });
    const w = tensor([[1, 1]]);
    const y = nn.functionalCall(layer, { weight: w }, tensor([[2, 3]]));
    expect(y.arraySync()).toEqual([[5]]);
    expect(layer.weight).not.toBe(w);
    expect(() => nn.functionalCall(layer, { nope: w }, tensor([[2, 3]]))).toThrow(/no parameter 'nope'/);
  });
});
