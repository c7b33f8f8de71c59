/** Bad input found by probing: each class is a typed error (or, for data, the values kept), never a silent change. */
import { createCpuBackend } from '@polygrad/backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import * as data from '../../src/data/index.js';
import {
  ArgumentError,
  AxisError,
  BackendError,
  DTypeError,
  dropout,
  full,
  gradcheck,
  initBackend,
  matmul,
  memory,
  ones,
  type PolygradError,
  rand,
  randint,
  randn,
  registerBackend,
  removeBackend,
  ShapeError,
  setBackend,
  sgdUpdate,
  sum,
  tensor,
  zeros,
} from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';

afterAll(async () => {
  await setBackend('cpu');
});

/** The error `fn` throws (it must throw). */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('byte arrays are data, not booleans', () => {
  it('a Uint8Array becomes int32 with its values 0..255', () => {
    const t = tensor(new Uint8Array([0, 128, 255]));
    expect(t.dtype).toBe('int32');
    expect(Array.from(t.dataSync())).toEqual([0, 128, 255]);
    // Pixels to [0, 1]: integer division promotes to float32.
    expect(Array.from(t.div(255).dataSync())).toEqual([0, 128 / 255, 1].map(Math.fround));
  });

  it('so does a Uint8ClampedArray (canvas ImageData)', () => {
    const t = tensor(new Uint8ClampedArray([7, 255]), { shape: [1, 2] });
    expect(t.dtype).toBe('int32');
    expect(t.arraySync()).toEqual([[7, 255]]);
  });

  it('bool is asked for explicitly (non-zero is true), or made from booleans', () => {
    expect(tensor(new Uint8Array([0, 3, 1]), { dtype: 'bool' }).arraySync()).toEqual([false, true, true]);
    expect(tensor([true, false]).dtype).toBe('bool');
  });

  it('the IDX parser output keeps its pixels', () => {
    const bytes = data.encodeIdx({ type: 'uint8', shape: [2, 2], data: new Uint8Array([0, 64, 200, 255]) });
    const parsed = data.parseIdx(bytes);
    const t = tensor(parsed.data as Uint8Array, { shape: parsed.shape });
    expect(t.arraySync()).toEqual([
      [0, 64],
      [200, 255],
    ]);
  });
});

describe('values a dtype cannot hold are rejected', () => {
  it.each([
    [[3e9], 'int32'],
    [[Number.NaN], 'int32'],
    [[1.5], 'int32'],
    [[-Infinity], 'int32'],
    [[-2147483649], 'int32'],
    [[1e39], 'float32'],
  ] as const)('%j as %s', (values, dtype) => {
    const e = errorOf(() => tensor([...values], { dtype }));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/^tensor: value .* at position 0/);
  });

  it('typed arrays and fills too; the int32 extremes and float32 max are kept', () => {
    expect(() => tensor(new Float64Array([2 ** 31]), { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => tensor(new Float32Array([0.5]), { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => full([2], 3e9, { dtype: 'int32' })).toThrow(/full: fill value 3000000000 is not an int32/);
    expect(Array.from(tensor([-2147483648, 2147483647], { dtype: 'int32' }).dataSync())).toEqual([
      -2147483648, 2147483647,
    ]);
    expect(tensor([3.4028234663852886e38]).dataSync()[0]).toBe(3.4028234663852886e38);
    // NaN and infinities are float values, kept.
    expect(Array.from(tensor([Number.NaN, Infinity]).dataSync())).toEqual([Number.NaN, Infinity]);
  });
});

describe('typed errors instead of raw TypeErrors', () => {
  const x = tensor([1, 2, 3]);
  const cases: [string, () => unknown, new (...a: never[]) => PolygradError, RegExp][] = [
    [
      'zeros(3)',
      () => zeros(3 as unknown as number[]),
      ShapeError,
      /zeros: shape is number \(3\).*such as \[3\]/,
    ],
    ['ones(2, 3)', () => ones(2 as unknown as number[], 3 as never), ShapeError, /ones: shape is number/],
    ['rand(5)', () => rand(5 as unknown as number[]), ShapeError, /rand: shape is number/],
    ["sum(x, '1')", () => sum(x, '1' as unknown as number), AxisError, /sum: axes '1' \(a string\)/],
    [
      "dtype 'float16'",
      () => tensor([1], { dtype: 'float16' as never }),
      DTypeError,
      /tensor: unknown dtype 'float16'; expected one of float32, float64, int32, bool/,
    ],
    ["zeros dtype 'int8'", () => zeros([2], { dtype: 'int8' as never }), DTypeError, /unknown dtype 'int8'/],
    [
      'Linear dtype',
      () => new nn.Linear(2, 2, { dtype: 'half' as never }),
      DTypeError,
      /Linear: unknown dtype/,
    ],
    [
      'new StepLR(opt)',
      () => new optim.StepLR(sgd(), undefined as never),
      ArgumentError,
      /StepLR: got no options/,
    ],
    [
      'a scheduler given a non-optimizer',
      () => new optim.ExponentialLR({ paramGroups: [] } as never, { gamma: 0.9 }),
      ArgumentError,
      /ExponentialLR: got a Object as the optimizer; expected an Optimizer/,
    ],
    ['randint dtype', () => randint(0, 3, [2], { dtype: 'float32' }), DTypeError, /randint makes int32/],
  ];
  it.each(cases)('%s', (_name, fn, cls, message) => {
    const e = errorOf(fn);
    expect(e).toBeInstanceOf(cls);
    expect(e.message).toMatch(message);
  });

  it('a backend factory returning undefined is a BackendError saying so', async () => {
    registerBackend('returns-nothing', () => undefined as never);
    await expect(initBackend('returns-nothing')).rejects.toThrow(
      /backend 'returns-nothing' failed to initialise: factory returned undefined; expected a Backend object/,
    );
    removeBackend('returns-nothing');
    expect(() => registerBackend('no-factory', 'cpu' as never)).toThrow(BackendError);
  });
});

function sgd(): optim.SGD {
  return new optim.SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
}

describe('unknown option keys are rejected, naming the valid ones', () => {
  const p = (): import('../../src/index.js').Tensor[] => [tensor([1, 2], { requiresGrad: true })];
  const ds = new data.TensorDataset(tensor([1, 2]));
  const cases: [string, () => unknown, RegExp][] = [
    [
      'Adam weight_decay',
      () => new optim.Adam(p(), { weight_decay: 0.1 } as never),
      /Adam: unknown option 'weight_decay' \(did you mean 'weightDecay'\?\); valid options are 'lr', 'betas', 'eps', 'weightDecay'/,
    ],
    ['AdamW', () => new optim.AdamW(p(), { beta1: 0.9 } as never), /AdamW: unknown option 'beta1'/],
    ['SGD', () => new optim.SGD(p(), { lr: 0.1, momentun: 0.9 } as never), /SGD: unknown option 'momentun'/],
    ['SGD without lr', () => new optim.SGD(p(), {} as never), /SGD: missing option 'lr'/],
    [
      'a param group',
      () => new optim.SGD([{ params: p(), learningRate: 1 }] as never, { lr: 0.1 }),
      /SGD \(param group 0\): unknown option 'learningRate'/,
    ],
    [
      'StepLR',
      () => new optim.StepLR(sgd(), { stepSize: 2, step_size: 3 } as never),
      /StepLR: unknown option 'step_size'/,
    ],
    [
      'ExponentialLR',
      () => new optim.ExponentialLR(sgd(), { gamma: 0.5, decay: 1 } as never),
      /unknown option 'decay'/,
    ],
    [
      'InverseTimeLR',
      () => new optim.InverseTimeLR(sgd(), { decay: 1, gamma: 2 } as never),
      /unknown option 'gamma'/,
    ],
    [
      'CosineAnnealingLR',
      () => new optim.CosineAnnealingLR(sgd(), { totalSteps: 3, tMax: 3 } as never),
      /unknown option 'tMax'/,
    ],
    ['tensor', () => tensor([1], { dtpye: 'float64' } as never), /tensor: unknown option 'dtpye'/],
    [
      'zeros',
      () => zeros([1], { device: 'cpu' } as never),
      /zeros: unknown option 'device'; valid options are 'dtype', 'backend', 'requiresGrad'/,
    ],
    ['randn', () => randn([1], { stddev: 2 } as never), /randn: unknown option 'stddev'/],
    ['rand', () => rand([1], { min: 0 } as never), /rand: unknown option 'min'/],
    [
      'matmul',
      () => matmul(tensor([[1]]), tensor([[1]]), { transpose_b: true } as never),
      /did you mean 'transposeB'/,
    ],
    [
      'dropout',
      () => dropout(tensor([1]), 0.5, { training: true } as never),
      /dropout: unknown option 'training'/,
    ],
    [
      'sgdUpdate',
      () => sgdUpdate(tensor([1]), tensor([1]), null, { lr: 0.1, weight_decay: 1 } as never),
      /sgdUpdate: unknown option 'weight_decay'/,
    ],
    [
      'nn.Linear',
      () => new nn.Linear(2, 3, { bias: true, useBias: false } as never),
      /Linear: unknown option 'useBias'/,
    ],
    [
      'nn.Dropout',
      () => new nn.Dropout(0.5, { inplace: true } as never),
      /Dropout: unknown option 'inplace'/,
    ],
    [
      'CrossEntropyLoss',
      () => new nn.CrossEntropyLoss({ reduce: 'sum' } as never),
      /CrossEntropyLoss: unknown option 'reduce'/,
    ],
    [
      'nn.mseLoss',
      () => nn.mseLoss(tensor([1]), tensor([1]), { size_average: true } as never),
      /mseLoss: unknown option/,
    ],
    [
      'init.kaimingNormal',
      () => nn.init.kaimingNormal([2, 2], { nonlinearity: 'relu' } as never),
      /unknown option 'nonlinearity'/,
    ],
    [
      'init.constant',
      () => nn.init.constant([2], 1, { seed: 1 } as never),
      /init.constant: unknown option 'seed'/,
    ],
    [
      'Module.loadStateDict',
      () => new nn.Linear(1, 1).loadStateDict({}, { strict: false, assign: true } as never),
      /loadStateDict: unknown option 'assign'/,
    ],
    ['DataLoader', () => new data.DataLoader(ds, { batch_size: 2 } as never), /did you mean 'batchSize'/],
    [
      'trainTestSplit',
      () => data.trainTestSplit(10, { testRatio: 0.1 } as never),
      /trainTestSplit: unknown option 'testRatio'/,
    ],
    [
      'ClassBalancedBatchSampler',
      () => new data.ClassBalancedBatchSampler([0, 1], { batchSize: 2, shuffle: true } as never),
      /unknown option 'shuffle'/,
    ],
    [
      'RandomSampler',
      () => new data.RandomSampler(3, { generator: 1 } as never),
      /unknown option 'generator'/,
    ],
    [
      'Normalize.fit',
      () => data.Normalize.fit(tensor([[1, 2]]), { dim: 0 } as never),
      /Normalize.fit: unknown option 'dim'/,
    ],
    [
      'mnistFromArrays',
      () => data.mnistFromArrays(new Uint8Array(4), [1], { device: 'cpu' } as never),
      /unknown option 'device'/,
    ],
    [
      'gradcheck',
      () => gradcheck((a) => a, [tensor([1], { dtype: 'float64' })], { tol: 1 } as never),
      /gradcheck: unknown option 'tol'/,
    ],
    [
      'registerBackend',
      () => registerBackend('x', createCpuBackend, { prio: 1 } as never),
      /registerBackend: unknown option 'prio'/,
    ],
    [
      'backward',
      () =>
        tensor([1], { requiresGrad: true })
          .mul(2)
          .sum()
          .backward(undefined, { retain_graph: true } as never),
      /did you mean 'retainGraph'/,
    ],
    ['an options array', () => zeros([1], [] as never), /zeros: options are an array/],
  ];
  it.each(cases)('%s', (_name, fn, message) => {
    const e = errorOf(fn);
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(message);
  });
});

describe('sizes beyond what the backend holds are refused before allocating', () => {
  it('zeros([60000, 60000]) (14.4 GB) is a ShapeError naming the size and the limit', async () => {
    const cpu = await initBackend('cpu');
    const before = cpu.memory();
    const e = errorOf(() => zeros([60000, 60000]));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/zeros|fill/);
    expect(e.message).toMatch(/needs 13\.4 GiB; backend 'cpu' holds at most 2\.0 GiB in one tensor/);
    expect(() => randn([1e5, 1e5])).toThrow(ShapeError);
    expect(() => tensor([1], { shape: [2 ** 40] })).toThrow(ShapeError);
    expect(cpu.memory()).toEqual(before);
  });

  it('a backend declaring maxBufferBytes gets that limit, for op outputs too', async () => {
    registerBackend('small', () => ({
      ...createCpuBackend(),
      name: 'small',
      capabilities: { maxBufferBytes: 1024 },
    }));
    await initBackend('small');
    expect(() => zeros([257], { backend: 'small' })).toThrow(/holds at most 1024 B/);
    const a = zeros([16, 1], { backend: 'small' });
    const b = zeros([1, 16], { backend: 'small' });
    expect(() => matmul(a, b)).not.toThrow();
    const c = zeros([1, 17], { backend: 'small' });
    expect(() => matmul(a, c)).toThrow(/matmul: a float32 tensor of shape \[1, 16, 17\] needs 1088 B/);
    for (const t of [a, b, c]) t.dispose();
    removeBackend('small');
  });
});

describe('a backend name is never shared by two live backends', () => {
  it('registering a name again while its tensors live is refused', async () => {
    registerBackend('twin', () => ({ ...createCpuBackend(), name: 'twin' }));
    await initBackend('twin');
    const t = tensor([1, 2], { backend: 'twin' });
    expect(() => registerBackend('twin', () => ({ ...createCpuBackend(), name: 'twin' }))).toThrow(
      /backend 'twin' still has 1 live tensor\(s\).*dispose them before registering another backend under the same name/,
    );
    t.dispose();
    registerBackend('twin', () => ({ ...createCpuBackend(), name: 'twin' }));
    removeBackend('twin');
    expect(memory().backends.twin.tensors).toBe(0);
  });
});
