import '@polygrad/backend-cpu';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  arange,
  data,
  dispose,
  memory,
  ShapeError,
  setBackend,
  type Tensor,
  tensor,
} from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

function dataset(n: number): data.TensorDataset {
  const x = arange(0, 2 * n).reshape([n, 2]);
  const y = arange(0, n, 1, { dtype: 'int32' });
  return new data.TensorDataset(x, y);
}

/** The label column of every batch of one epoch. */
function epochLabels(loader: data.DataLoader): number[][] {
  const out: number[][] = [];
  for (const [x, y] of loader) {
    const labels = Array.from(y.dataSync());
    // x rows match their labels: row i is [2i, 2i+1].
    expect(Array.from(x.dataSync())).toEqual(labels.flatMap((i) => [2 * i, 2 * i + 1]));
    out.push(labels);
    dispose([x, y]);
  }
  return out;
}

describe('TensorDataset', () => {
  it('returns rows and batches; checks lengths and indices', () => {
    const ds = dataset(5);
    expect(ds.length).toBe(5);
    const [x, y] = ds.get(3);
    expect(x.arraySync()).toEqual([6, 7]);
    expect(y.shape).toEqual([]);
    expect(y.itemSync()).toBe(3);
    expect(ds.getBatch([4, 0]).map((t) => t.arraySync())).toEqual([
      [
        [8, 9],
        [0, 1],
      ],
      [4, 0],
    ]);
    expect(() => ds.get(5)).toThrow(/out of range/);
    expect(() => new data.TensorDataset(tensor([1, 2]), tensor([1]))).toThrow(ShapeError);
  });
});

describe('DataLoader', () => {
  it('without shuffle: in order, last batch smaller unless dropLast', () => {
    expect(epochLabels(new data.DataLoader(dataset(7), { batchSize: 3 }))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6],
    ]);
    const dropping = new data.DataLoader(dataset(7), { batchSize: 3, dropLast: true });
    expect(dropping.length).toBe(2);
    expect(epochLabels(dropping)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it('shuffles anew every epoch, deterministically from the seed', () => {
    const a = new data.DataLoader(dataset(20), { batchSize: 8, shuffle: true, seed: 7 });
    const b = new data.DataLoader(dataset(20), { batchSize: 8, shuffle: true, seed: 7 });
    const a0 = epochLabels(a);
    const a1 = epochLabels(a);
    expect(a0.flat().sort((p, q) => p - q)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(a0).not.toEqual(a1);
    expect(epochLabels(b)).toEqual(a0);
    expect(epochLabels(b)).toEqual(a1);
    const c = new data.DataLoader(dataset(20), { batchSize: 8, shuffle: true, seed: 8 });
    expect(epochLabels(c)).not.toEqual(a0);
    // Resuming at epoch 1 replays it.
    b.setEpoch(1);
    expect(epochLabels(b)).toEqual(a1);
  });

  it('stacks samples of datasets without getBatch', () => {
    const plain: data.Dataset = {
      length: 3,
      get: (i: number): Tensor[] => [tensor([i, -i]), tensor(i * 10)],
    };
    const batches = [...new data.DataLoader(plain, { batchSize: 2 })];
    expect(batches.map((b) => b.map((t) => t.arraySync()))).toEqual([
      [
        [
          [0, -0],
          [1, -1],
        ],
        [0, 10],
      ],
      [[[2, -2]], [20]],
    ]);
  });

  it('leaks no tensors over an epoch when batches are disposed', () => {
    const loader = new data.DataLoader(dataset(50), { batchSize: 8, shuffle: true });
    epochLabels(loader);
    const before = memory().tensors;
    epochLabels(loader);
    expect(memory().tensors).toBe(before);
  });

  it('rejects inconsistent options', () => {
    const ds = dataset(4);
    expect(() => new data.DataLoader(ds, { batchSize: 0 })).toThrow(ArgumentError);
    const sampler = new data.ClassBalancedBatchSampler([0, 1, 0, 1], { batchSize: 2 });
    expect(() => new data.DataLoader(ds, { batchSampler: sampler, shuffle: true })).toThrow(
      /batchSampler decides/,
    );
  });

  it('Subset and trainTestSplit: disjoint, covering, deterministic, stratified', () => {
    const split = data.trainTestSplit(100, { testFraction: 0.25, seed: 3 });
    expect(split.test).toHaveLength(25);
    expect([...split.train, ...split.test].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(data.trainTestSplit(100, { testFraction: 0.25, seed: 3 })).toEqual(split);
    expect(data.trainTestSplit(100, { testFraction: 0.25, seed: 4 })).not.toEqual(split);
    expect(data.trainTestSplit(10, { testSize: 3 }).test).toHaveLength(3);

    const labels = Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1));
    const strat = data.trainTestSplit(100, { testFraction: 0.25, stratify: labels, seed: 1 });
    expect(strat.test.filter((i) => labels[i] === 1)).toHaveLength(5);
    expect(strat.test.filter((i) => labels[i] === 0)).toHaveLength(20);

    const ds = dataset(10);
    const sub = new data.Subset(ds, [9, 2, 5]);
    expect(epochLabels(new data.DataLoader(sub, { batchSize: 2 }))).toEqual([[9, 2], [5]]);
  });
});

describe('ClassBalancedBatchSampler', () => {
  it('property: with batchSize ≥ #classes every batch holds every class, has batchSize distinct valid indices, and is deterministic', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 5 }),
        (labels, extra, seed, epoch) => {
          const classes = new Set(labels);
          const batchSize = Math.min(labels.length, classes.size + extra);
          const sampler = new data.ClassBalancedBatchSampler(labels, { batchSize, seed });
          const batches = sampler.batches(epoch);
          expect(batches).toHaveLength(Math.ceil(labels.length / batchSize));
          for (const batch of batches) {
            expect(batch).toHaveLength(batchSize);
            expect(new Set(batch).size).toBe(batchSize);
            for (const i of batch) expect(i >= 0 && i < labels.length && Number.isInteger(i)).toBe(true);
            expect(new Set(batch.map((i) => labels[i]))).toEqual(classes);
          }
          expect(new data.ClassBalancedBatchSampler(labels, { batchSize, seed }).batches(epoch)).toEqual(
            batches,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('covers a balanced dataset nearly once per epoch and changes order between epochs', () => {
    const labels = Array.from({ length: 100 }, (_, i) => i % 10);
    const sampler = new data.ClassBalancedBatchSampler(labels, { batchSize: 20, seed: 1 });
    const e0 = sampler.batches(0);
    expect(e0).toHaveLength(5);
    // The guaranteed picks alone (10 per batch, without replacement per class) cover half the data.
    expect(new Set(e0.flat()).size).toBeGreaterThanOrEqual(50);
    expect(sampler.batches(1)).not.toEqual(e0);
  });

  it('drives a DataLoader', () => {
    const y = [0, 0, 0, 0, 0, 0, 1, 2];
    const ds = new data.TensorDataset(tensor(y, { dtype: 'int32' }));
    const loader = new data.DataLoader(ds, {
      batchSampler: new data.ClassBalancedBatchSampler(y, { batchSize: 3, seed: 2 }),
    });
    for (const [labels] of loader) expect(new Set(labels.dataSync())).toEqual(new Set([0, 1, 2]));
  });
});
