import { ArgumentError } from '../errors.js';
import { checkOptions } from '../options.js';
import { generator, permutation } from './seeded-random.js';

/** The order in which one epoch visits sample indices. */
export interface Sampler {
  readonly length: number;
  /** Indices for epoch `epoch` (0-based); the same epoch always gives the same order. */
  indices(epoch: number): number[];
}

/** Whole batches of indices per epoch (e.g. `ClassBalancedBatchSampler`). */
export interface BatchSampler {
  /** Number of batches per epoch. */
  readonly length: number;
  /**
   * The batches of sample indices for epoch `epoch` (0-based); the same epoch always gives the same batches.
   */
  batches(epoch: number): number[][];
}

function checkLength(op: string, n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new ArgumentError(op, `length ${n}; expected a non-negative integer`);
}

/** 0, 1, ..., n−1 every epoch. */
export class SequentialSampler implements Sampler {
  readonly length: number;
  constructor(length: number) {
    checkLength('SequentialSampler', length);
    this.length = length;
  }
  indices(): number[] {
    return Array.from({ length: this.length }, (_, i) => i);
  }
}

/**
 * A fresh random permutation every epoch, drawn from (seed, epoch): the same
 * seed replays the same sequence of epochs, and epoch k's order can be
 * reproduced on its own (e.g. when resuming).
 */
export class RandomSampler implements Sampler {
  readonly length: number;
  readonly seed: number;
  constructor(length: number, options: { seed?: number } = {}) {
    checkOptions('RandomSampler', options, ['seed']);
    const seed = options.seed ?? 0;
    checkLength('RandomSampler', length);
    if (!Number.isInteger(seed))
      throw new ArgumentError('RandomSampler', `seed ${seed}; expected an integer`);
    this.length = length;
    this.seed = seed;
  }
  indices(epoch: number): number[] {
    return permutation(this.length, generator(this.seed, epoch));
  }
}
