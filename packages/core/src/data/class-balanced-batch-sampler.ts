import { ArgumentError } from '../errors.js';
import { checkOptions } from '../options.js';
import type { BatchSampler } from './sampler.js';
import { generator, shuffleInPlace } from './seeded-random.js';

export interface ClassBalancedOptions {
  batchSize: number;
  /** Seed of every draw (default 0); epoch k depends only on (seed, k). */
  seed?: number;
  /** Batches per epoch (default ⌈N / batchSize⌉, about one pass over the data). */
  numBatches?: number;
}

/**
 * Batches in which every class appears (the seed: ideally every batch holds
 * samples of every class). Every batch has exactly `batchSize` distinct
 * indices. When batchSize ≥ K (the number of classes present), each batch
 * first takes one sample of each class — drawn without replacement from that
 * class's shuffled list, reshuffled when used up, so rare classes are
 * oversampled — and fills the remaining slots from a shuffled pass over the
 * whole dataset (skipping indices already in the batch), so the mix follows
 * the data's class frequencies. With batchSize < K, each batch covers the
 * next batchSize classes of a shuffled rotation. Batches are shuffled inside.
 */
export class ClassBalancedBatchSampler implements BatchSampler {
  readonly batchSize: number;
  readonly seed: number;
  readonly length: number;
  /** Class labels present, ascending. */
  readonly classes: readonly number[];
  private readonly byClass: readonly (readonly number[])[];
  private readonly n: number;

  constructor(labels: ArrayLike<number>, options: ClassBalancedOptions) {
    const op = 'ClassBalancedBatchSampler';
    checkOptions(op, options, ['batchSize', 'seed', 'numBatches'], ['batchSize']);
    const { batchSize, seed = 0, numBatches } = options;
    if (!labels || typeof labels.length !== 'number' || labels.length === 0) {
      throw new ArgumentError(
        op,
        'labels are empty; expected one class label per sample (read a label tensor with `await labels.data()`)',
      );
    }
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new ArgumentError(op, `batchSize ${batchSize}; expected a positive integer`);
    if (batchSize > labels.length)
      throw new ArgumentError(
        op,
        `batchSize ${batchSize} exceeds the ${labels.length} samples; expected batchSize <= N`,
      );
    if (!Number.isInteger(seed)) throw new ArgumentError(op, `seed ${seed}; expected an integer`);
    const groups = new Map<number, number[]>();
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i];
      if (!Number.isInteger(y))
        throw new ArgumentError(op, `label ${y} at index ${i}; expected integer class labels`);
      const members = groups.get(y) ?? [];
      members.push(i);
      groups.set(y, members);
    }
    this.classes = [...groups.keys()].sort((a, b) => a - b);
    this.byClass = this.classes.map((c) => groups.get(c) as number[]);
    this.n = labels.length;
    this.batchSize = batchSize;
    this.seed = seed;
    const count = numBatches ?? Math.ceil(labels.length / batchSize);
    if (!Number.isInteger(count) || count < 1)
      throw new ArgumentError(op, `numBatches ${numBatches}; expected a positive integer`);
    this.length = count;
  }

  /**
   * The batches of epoch `epoch`: each holds samples of every class (as far as the batch size allows); the
   * same epoch always gives the same batches.
   */
  batches(epoch: number): number[][] {
    const g = generator(this.seed, epoch);
    const k = this.classes.length;
    // One endless shuffled stream per class, and one over every index.
    const classStreams = this.byClass.map((members) => new ShuffledStream(members, g));
    const allStream = new ShuffledStream(
      Array.from({ length: this.n }, (_, i) => i),
      g,
    );
    const classOrder = shuffleInPlace(
      Array.from({ length: k }, (_, c) => c),
      g,
    );
    let rotation = 0;
    const out: number[][] = [];
    for (let b = 0; b < this.length; b++) {
      const batch = new Set<number>();
      const guaranteed = Math.min(k, this.batchSize);
      for (let j = 0; j < guaranteed; j++) {
        const c = guaranteed === k ? j : classOrder[(rotation + j) % k];
        batch.add(classStreams[c].next());
      }
      rotation = (rotation + guaranteed) % k;
      // Fill the rest; at most N draws reach every index, so this ends.
      while (batch.size < this.batchSize) batch.add(allStream.next());
      out.push(shuffleInPlace([...batch], g));
    }
    return out;
  }
}

/** Endless draws without replacement, reshuffling after each full pass. */
class ShuffledStream {
  private order: number[] = [];
  private pos = 0;
  constructor(
    private readonly items: readonly number[],
    private readonly g: ReturnType<typeof generator>,
  ) {}
  next(): number {
    if (this.pos === this.order.length) {
      this.order = shuffleInPlace([...this.items], this.g);
      this.pos = 0;
    }
    return this.order[this.pos++];
  }
}
