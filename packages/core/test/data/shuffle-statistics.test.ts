/**
 * The seeded shuffle is uniform over permutations. Over many seeds (and over
 * the per-epoch streams of one seed): every element lands in every position
 * equally often, every permutation of 6 items is equally frequent, and fixed
 * points occur at the rate a uniform permutation has (1 − D(n)/n!, from the
 * derangement numbers). Negative controls: Sattolo's algorithm (uniform over
 * cyclic permutations only: no fixed points) and the classic biased "swap with
 * any position" shuffle, driven by the same generator, must fail.
 */
import { describe, expect, it } from 'vitest';
import { generator, randomBelow, shuffleInPlace } from '../../src/data/seeded-random.js';
import type { SeedSequence } from '../../src/random.js';
import { chiSquare, chiSquareBound, histogram, zScore } from '../statistics.js';

type Shuffle = <T>(items: T[], g: SeedSequence) => T[];

/** Sattolo: j < i strictly, so the result is always a single cycle (never a fixed point). */
const sattolo: Shuffle = (items, g) => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomBelow(g, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
};

/** Swap each position with any position: n^n equally likely paths onto n! permutations — biased. */
const naiveSwap: Shuffle = (items, g) => {
  for (let i = 0; i < items.length; i++) {
    const j = randomBelow(g, items.length);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
};

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
/** Derangements: D(0) = 1, D(1) = 0, D(n) = (n − 1)(D(n−1) + D(n−2)). */
const derangements = (n: number): number =>
  n === 0 ? 1 : n === 1 ? 0 : (n - 1) * (derangements(n - 1) + derangements(n - 2));

interface ShuffleStats {
  /** χ² of the n×n (element, position) table against draws/n per cell, and its bound. */
  positions: { chi2: number; bound: number };
  /** χ² of the n! permutation counts against draws/n!, and its bound. */
  permutations: { chi2: number; bound: number };
  /** Share of draws with at least one fixed point, and its z-score against 1 − D(n)/n!. */
  fixedPoints: { rate: number; expected: number; z: number };
}

function shuffleStats(
  shuffle: Shuffle,
  n: number,
  draws: number,
  rng: (k: number) => SeedSequence,
): ShuffleStats {
  const table = new Array<number>(n * n).fill(0);
  const perms = new Map<string, number>();
  let withFixedPoint = 0;
  for (let k = 0; k < draws; k++) {
    const p = shuffle(
      Array.from({ length: n }, (_, i) => i),
      rng(k),
    );
    let fixed = false;
    p.forEach((element, position) => {
      table[element * n + position]++;
      if (element === position) fixed = true;
    });
    if (fixed) withFixedPoint++;
    const key = p.join(',');
    perms.set(key, (perms.get(key) ?? 0) + 1);
  }
  const permCounts = [...perms.values()];
  // Permutations never drawn are cells with count 0.
  while (permCounts.length < factorial(n)) permCounts.push(0);
  const expectedFixed = 1 - derangements(n) / factorial(n);
  const rate = withFixedPoint / draws;
  return {
    positions: {
      chi2: chiSquare(table, new Array(n * n).fill(draws / n)),
      bound: chiSquareBound((n - 1) * (n - 1)),
    },
    permutations: {
      chi2: chiSquare(permCounts, new Array(permCounts.length).fill(draws / factorial(n))),
      bound: chiSquareBound(factorial(n) - 1),
    },
    fixedPoints: {
      rate,
      expected: expectedFixed,
      z: zScore(rate, expectedFixed, Math.sqrt((expectedFixed * (1 - expectedFixed)) / draws)),
    },
  };
}

const uniformOverPermutations = (s: ShuffleStats): boolean =>
  s.positions.chi2 < s.positions.bound && s.permutations.chi2 < s.permutations.bound && s.fixedPoints.z < 4;

const N = 6;
const DRAWS = 36_000;
const overSeeds = (k: number) => generator(1000 + k, 0);
const overEpochs = (k: number) => generator(42, k);

describe('shuffleInPlace (Fisher–Yates over the seeded generator)', () => {
  for (const [name, rng] of [
    ['over seeds', overSeeds],
    ['over the epochs of one seed', overEpochs],
  ] as const) {
    it(`is uniform over permutations ${name}, fixed points included`, () => {
      const s = shuffleStats(shuffleInPlace, N, DRAWS, rng);
      expect(s.positions.chi2, JSON.stringify(s)).toBeLessThan(s.positions.bound);
      expect(s.permutations.chi2, JSON.stringify(s)).toBeLessThan(s.permutations.bound);
      expect(s.fixedPoints.z, JSON.stringify(s)).toBeLessThan(4);
      expect(s.fixedPoints.rate).toBeGreaterThan(0.6); // 1 − 265/720 = 0.632
    });
  }

  it('moves every element of a long list to every position (100 items, element 0 and element 99)', () => {
    const n = 100;
    const draws = 20_000;
    const first = new Array<number>(draws);
    const last = new Array<number>(draws);
    for (let k = 0; k < draws; k++) {
      const p = shuffleInPlace(
        Array.from({ length: n }, (_, i) => i),
        generator(7, k),
      );
      first[k] = p.indexOf(0);
      last[k] = p.indexOf(n - 1);
    }
    for (const where of [first, last]) {
      const h = histogram(where, n, 0, n);
      expect(chiSquare(h, new Array(n).fill(draws / n))).toBeLessThan(chiSquareBound(n - 1));
    }
  });

  it('randomBelow is uniform for a bound that is not a power of two', () => {
    const g = generator(3, 0);
    const draws = 70_000;
    const v = Array.from({ length: draws }, () => randomBelow(g, 7));
    expect(chiSquare(histogram(v, 7, 0, 7), new Array(7).fill(draws / 7))).toBeLessThan(chiSquareBound(6));
  });
});

describe('negative controls: the same statistics reject wrong shuffles', () => {
  it("rejects Sattolo's fixed-point-free shuffle", () => {
    const s = shuffleStats(sattolo, N, DRAWS, overSeeds);
    expect(s.fixedPoints.rate).toBe(0);
    expect(uniformOverPermutations(s)).toBe(false);
    expect(s.positions.chi2).toBeGreaterThan(10 * s.positions.bound);
  });

  it('rejects the biased swap-with-any-position shuffle', () => {
    const s = shuffleStats(naiveSwap, N, DRAWS, overSeeds);
    expect(uniformOverPermutations(s)).toBe(false);
    expect(s.permutations.chi2).toBeGreaterThan(s.permutations.bound);
  });
});
