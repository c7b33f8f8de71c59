import { trainTestSplit } from '@polygrad/core/data';

/**
 * About `count` of `indices`, drawn per class in proportion to its frequency
 * (stratified, seeded), in ascending order. A plain prefix would not do: the
 * shipped digits are ordered by class, so the first 640 are all zeros.
 */
export function stratifiedSubsample(
  indices: readonly number[],
  labels: ArrayLike<number>,
  count: number,
  seed: number,
): number[] {
  if (count >= indices.length) return [...indices];
  const picked = trainTestSplit(indices.length, {
    testSize: count,
    stratify: indices.map((i) => labels[i]),
    seed,
  }).test;
  return picked.map((p) => indices[p]);
}

/** How many of `indices` carry each label 0..classes−1. */
export function classCounts(indices: readonly number[], labels: ArrayLike<number>, classes = 10): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const i of indices) counts[labels[i]]++;
  return counts;
}
