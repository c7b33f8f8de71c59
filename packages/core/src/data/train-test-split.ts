import { ArgumentError } from '../errors.js';
import { checkOptions } from '../options.js';
import { generator, shuffleInPlace } from './seeded-random.js';

/**
 * Options of `trainTestSplit`: the test size (fraction or count), the seed and optional stratification
 * labels.
 */
export interface TrainTestSplitOptions {
  /** Fraction of samples in the test part (default 0.2); ignored when `testSize` is given. */
  testFraction?: number;
  /** Exact number of test samples. */
  testSize?: number;
  /** Seed of the draw (default 0). */
  seed?: number;
  /** Class labels: split each class in the same proportion (stratified). */
  stratify?: ArrayLike<number>;
}

/** The two parts of a split, as sample indices. */
export interface TrainTestIndices {
  /** Ascending sample indices of the training part. */
  train: number[];
  /** Ascending sample indices of the test part. */
  test: number[];
}

/**
 * A deterministic random split of `n` sample indices: the same (n, options)
 * always gives the same parts, disjoint and covering 0..n−1. Use the indices
 * with `Subset` or `gather`. Stratified splits give each class round(fraction·n_c)
 * test samples (so `testSize` is then approximate).
 */
export function trainTestSplit(n: number, options: TrainTestSplitOptions = {}): TrainTestIndices {
  const op = 'trainTestSplit';
  checkOptions(op, options, ['testFraction', 'testSize', 'seed', 'stratify']);
  const { testFraction = 0.2, testSize, seed = 0, stratify } = options;
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError(op, `n ${n}; expected a non-negative integer`);
  if (!Number.isInteger(seed)) throw new ArgumentError(op, `seed ${seed}; expected an integer`);
  let fraction: number;
  if (testSize !== undefined) {
    if (!Number.isInteger(testSize) || testSize < 0 || testSize > n)
      throw new ArgumentError(op, `testSize ${testSize}; expected an integer in [0, ${n}]`);
    fraction = n === 0 ? 0 : testSize / n;
  } else {
    if (typeof testFraction !== 'number' || !(testFraction >= 0 && testFraction <= 1)) {
      throw new ArgumentError(op, `testFraction ${testFraction}; expected a number in [0, 1]`);
    }
    fraction = testFraction;
  }
  const g = generator(seed, 0);
  const test: number[] = [];
  if (stratify) {
    if (stratify.length !== n)
      throw new ArgumentError(op, `stratify has ${stratify.length} labels; expected ${n}`);
    const groups = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const members = groups.get(stratify[i]) ?? [];
      members.push(i);
      groups.set(stratify[i], members);
    }
    for (const key of [...groups.keys()].sort((a, b) => a - b)) {
      const members = shuffleInPlace(groups.get(key) as number[], g);
      test.push(...members.slice(0, Math.round(fraction * members.length)));
    }
  } else {
    const order = shuffleInPlace(
      Array.from({ length: n }, (_, i) => i),
      g,
    );
    test.push(...order.slice(0, testSize ?? Math.round(fraction * n)));
  }
  const inTest = new Uint8Array(n);
  for (const i of test) inTest[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!inTest[i]) train.push(i);
  return { train, test: test.sort((a, b) => a - b) };
}
