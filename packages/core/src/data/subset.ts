import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { checkIndex } from './check-index.js';
import { type BatchDataset, type Dataset, isBatchDataset } from './dataset.js';

/** The samples of `dataset` at `indices` (e.g. the train part of a `trainTestSplit`). */
export class Subset implements BatchDataset {
  readonly dataset: Dataset;
  readonly indices: readonly number[];

  constructor(dataset: Dataset, indices: readonly number[]) {
    if (!dataset || typeof dataset.get !== 'function')
      throw new ArgumentError('Subset', 'expected a Dataset');
    for (const i of indices) checkIndex('Subset', i, dataset.length);
    this.dataset = dataset;
    this.indices = [...indices];
  }

  get length(): number {
    return this.indices.length;
  }

  /** Sample `index` of the subset (sample `indices[index]` of the dataset). */
  get(index: number): Tensor[] {
    checkIndex('Subset.get', index, this.indices.length);
    return this.dataset.get(this.indices[index]);
  }

  /** The subset's samples at `indices`, stacked (needs a dataset with `getBatch`). */
  getBatch(indices: readonly number[]): Tensor[] {
    for (const i of indices) checkIndex('Subset.getBatch', i, this.indices.length);
    const mapped = indices.map((i) => this.indices[i]);
    if (isBatchDataset(this.dataset)) return this.dataset.getBatch(mapped);
    throw new ArgumentError(
      'Subset.getBatch',
      'the underlying dataset has no getBatch; the DataLoader stacks get() results instead',
    );
  }
}
