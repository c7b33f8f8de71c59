import type { Tensor } from '../tensor.js';

/**
 * A finite, indexable collection of samples. A sample is a tuple of tensors
 * (e.g. [image, label]). `get` must return fresh tensors: a DataLoader
 * stacks them into a batch and disposes them.
 */
export interface Dataset {
  readonly length: number;
  /** Sample `index` as fresh tensors the caller owns. */
  get(index: number): Tensor[];
}

/** A dataset that can build a whole batch at once (one gather per tensor instead of `batchSize` slices). */
export interface BatchDataset extends Dataset {
  /** The samples at `indices`, stacked along a new first axis, as fresh tensors the caller owns. */
  getBatch(indices: readonly number[]): Tensor[];
}

/** True when the dataset builds whole batches itself (has `getBatch`). */
export function isBatchDataset(d: Dataset): d is BatchDataset {
  return typeof (d as Partial<BatchDataset>).getBatch === 'function';
}
