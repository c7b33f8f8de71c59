import { noGrad } from '../autograd/grad-mode.js';
import { ArgumentError } from '../errors.js';
import { stack } from '../ops/slicing.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor.js';
import { type Dataset, isBatchDataset } from './dataset.js';
import { type BatchSampler, RandomSampler, type Sampler, SequentialSampler } from './sampler.js';

/** How a DataLoader batches and orders a dataset. */
export interface DataLoaderOptions {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Visit samples in a new random order every epoch (default false). */
  shuffle?: boolean;
  /** Seed of the shuffling (default 0): epoch k's order depends only on (seed, k). */
  seed?: number;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Custom per-epoch order of indices (instead of `shuffle`). */
  sampler?: Sampler;
  /** Custom batches (e.g. `ClassBalancedBatchSampler`); excludes batchSize, shuffle, sampler and dropLast. */
  batchSampler?: BatchSampler;
}

/**
 * Mini-batches of a dataset (the seed: train with minibatch SGD, shuffle the
 * samples). Iterating it runs one epoch; every new iteration is the next
 * epoch, re-shuffled from (seed, epoch), so a run is reproducible:
 *
 *   for (const [x, y] of loader) { ...; dispose([x, y]) }   // or inside tidy()
 *
 * Each batch is a list of freshly made tensors (one per dataset tensor) that
 * the caller owns. Batches of a `BatchDataset` (TensorDataset, Subset of one)
 * are gathered on the device; other datasets' samples are stacked.
 */
export class DataLoader implements Iterable<Tensor[]> {
  readonly dataset: Dataset;
  readonly batchSize: number;
  readonly dropLast: boolean;
  private readonly sampler: Sampler | null;
  private readonly batchSampler: BatchSampler | null;
  /** The epoch the next iteration will run (0-based). */
  epoch = 0;

  constructor(dataset: Dataset, options: DataLoaderOptions = {}) {
    const op = 'DataLoader';
    if (!dataset || typeof dataset.get !== 'function' || !Number.isInteger(dataset.length)) {
      throw new ArgumentError(op, 'expected a Dataset ({ length, get(i) })');
    }
    checkOptions(op, options, ['batchSize', 'shuffle', 'seed', 'dropLast', 'sampler', 'batchSampler']);
    const { batchSize = 1, shuffle = false, seed = 0, dropLast = false, sampler, batchSampler } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new ArgumentError(op, `batchSize ${batchSize}; expected a positive integer`);
    if (!Number.isInteger(seed)) throw new ArgumentError(op, `seed ${seed}; expected an integer`);
    if (shuffle && sampler)
      throw new ArgumentError(op, 'shuffle and sampler are exclusive; expected one of them');
    if (batchSampler && (options.batchSize !== undefined || shuffle || sampler || dropLast)) {
      throw new ArgumentError(
        op,
        'batchSampler decides the batches; expected no batchSize, shuffle, sampler or dropLast with it',
      );
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    this.batchSampler = batchSampler ?? null;
    this.sampler = batchSampler
      ? null
      : (sampler ??
        (shuffle ? new RandomSampler(dataset.length, { seed }) : new SequentialSampler(dataset.length)));
  }

  /** Number of batches per epoch. */
  get length(): number {
    if (this.batchSampler) return this.batchSampler.length;
    const n = this.sampler?.length ?? 0;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The index batches of epoch `epoch` (what iteration would load). */
  batchIndices(epoch: number): number[][] {
    if (this.batchSampler) return this.batchSampler.batches(epoch);
    const order = (this.sampler as Sampler).indices(epoch);
    const batches: number[][] = [];
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      if (batch.length < this.batchSize && this.dropLast) break;
      batches.push(batch);
    }
    return batches;
  }

  /** Set the epoch the next iteration runs (e.g. when resuming from a checkpoint). */
  setEpoch(epoch: number): void {
    if (!Number.isInteger(epoch) || epoch < 0)
      throw new ArgumentError('DataLoader.setEpoch', `epoch ${epoch}; expected a non-negative integer`);
    this.epoch = epoch;
  }

  /** Load the samples at `indices` as one batch. */
  loadBatch(indices: readonly number[]): Tensor[] {
    if (isBatchDataset(this.dataset)) return this.dataset.getBatch(indices);
    return noGrad(() => {
      const samples = indices.map((i) => this.dataset.get(i));
      const width = samples[0]?.length ?? 0;
      const batch = Array.from({ length: width }, (_, k) => stack(samples.map((s) => s[k])));
      for (const s of samples) for (const t of s) t.dispose();
      return batch;
    });
  }

  /**
   * One epoch: yields each batch as a tuple of stacked tensors (the caller disposes them); the next iteration
   * is the next epoch.
   */
  *[Symbol.iterator](): Iterator<Tensor[]> {
    const epoch = this.epoch++;
    for (const indices of this.batchIndices(epoch)) {
      if (indices.length > 0) yield this.loadBatch(indices);
    }
  }
}
