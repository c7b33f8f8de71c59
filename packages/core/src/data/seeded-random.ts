/**
 * Host-side seeded randomness for samplers and splits: deterministic across
 * runs and platforms (integer hashing only, no Math.random).
 */
import { randomBits, SeedSequence } from '../random.js';

/** A generator for `(seed, stream)`: e.g. stream = epoch, so every epoch has its own reproducible order. */
export function generator(seed: number, stream = 0): SeedSequence {
  return new SeedSequence(randomBits(seed >>> 0, stream >>> 0));
}

/** An integer uniform in [0, n) (n ≤ 2³²; bias below 2⁻³² · n, negligible). */
export function randomBelow(g: SeedSequence, n: number): number {
  return Math.floor((g.next() / 4294967296) * n);
}

/** Fisher–Yates shuffle of `items`, in place. Returns it. */
export function shuffleInPlace<T>(items: T[], g: SeedSequence): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomBelow(g, i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** A random permutation of 0..n−1. */
export function permutation(n: number, g: SeedSequence): number[] {
  return shuffleInPlace(
    Array.from({ length: n }, (_, i) => i),
    g,
  );
}
