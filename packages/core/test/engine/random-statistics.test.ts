/**
 * Seeded random numbers have the distributions they claim, judged against the
 * distributions' own formulas (not against randomReference, the code they are
 * built from): uniform moments and a 64-bin χ² test, bernoulli rates, normal
 * moments and a χ² test on the normal CDF, no lag-1 correlation, seeds that
 * give independent first draws, and dropout's keep rate. Both paths are
 * tested: the CPU backend's random kernel (through rand/bernoulli/randn) and
 * core's host generator (randomReference, what backends that decline
 * `random` upload). Negative controls: slightly biased generators fail the
 * same checks.
 */
import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bernoulli,
  dropoutMaskReference,
  rand,
  randn,
  randomReference,
  setBackend,
  tidy,
} from '../../src/index.js';
import {
  centralMoment,
  chiSquare,
  chiSquareBound,
  histogram,
  lag1Correlation,
  mean,
  normalCdf,
  zScore,
} from '../statistics.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const N = 100_000;
const read = (make: () => { dataSync(): ArrayLike<number> }) =>
  Float64Array.from(tidy(() => make().dataSync()));
const host = (dist: 'uniform' | 'normal' | 'bernoulli', seed: number, a: number, b: number, n = N) =>
  Float64Array.from({ length: n }, (_, i) => randomReference(dist, seed, a, b, i));

/** Uniform on [0, 1): mean 1/2, variance 1/12, flat over 64 bins, no lag-1 correlation. Returns the failures. */
function uniformFailures(u: ArrayLike<number>): string[] {
  const n = u.length;
  const failures: string[] = [];
  const zMean = zScore(mean(u), 0.5, Math.sqrt(1 / 12 / n));
  // Var of (u − 1/2)² is 1/80 − 1/144.
  const zVar = zScore(centralMoment(u, 2), 1 / 12, Math.sqrt((1 / 80 - 1 / 144) / n));
  const chi2 = chiSquare(histogram(u, 64, 0, 1), new Array(64).fill(n / 64));
  const z1 = Math.abs(lag1Correlation(u)) * Math.sqrt(n);
  if (zMean > 4.5) failures.push(`mean ${mean(u)} (z ${zMean.toFixed(1)})`);
  if (zVar > 4.5) failures.push(`variance ${centralMoment(u, 2)} (z ${zVar.toFixed(1)})`);
  if (chi2 > chiSquareBound(63))
    failures.push(`64-bin χ² ${chi2.toFixed(1)} > ${chiSquareBound(63).toFixed(1)}`);
  if (z1 > 4.5) failures.push(`lag-1 correlation z ${z1.toFixed(1)}`);
  return failures;
}

/** Bernoulli(p): rate within 4.5 standard errors, consecutive draws independent (P(1,1) = p²). */
function bernoulliFailures(b: ArrayLike<number>, p: number): string[] {
  const n = b.length;
  let ones = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    if (b[i] !== 0 && b[i] !== 1) return [`value ${b[i]} at ${i}`];
    ones += b[i];
    if (i + 1 < n) pairs += b[i] * b[i + 1];
  }
  const failures: string[] = [];
  const z = zScore(ones / n, p, Math.sqrt((p * (1 - p)) / n));
  const zPairs = zScore(pairs / (n - 1), p * p, Math.sqrt((p * p * (1 - p * p)) / (n - 1)));
  if (z > 4.5) failures.push(`rate ${ones / n}, expected ${p} (z ${z.toFixed(1)})`);
  if (zPairs > 4.5) failures.push(`P(1, 1) ${pairs / (n - 1)}, expected ${p * p} (z ${zPairs.toFixed(1)})`);
  return failures;
}

/** Standard normal: mean 0, variance 1, skewness 0, kurtosis 3, χ² over 40 equal-probability bins of Φ. */
function normalFailures(z: ArrayLike<number>): string[] {
  const n = z.length;
  const failures: string[] = [];
  const m = mean(z);
  const v = centralMoment(z, 2);
  const skew = centralMoment(z, 3) / v ** 1.5;
  const kurt = centralMoment(z, 4) / v ** 2;
  if (zScore(m, 0, Math.sqrt(1 / n)) > 4.5) failures.push(`mean ${m}`);
  if (zScore(v, 1, Math.sqrt(2 / n)) > 4.5) failures.push(`variance ${v}`);
  if (zScore(skew, 0, Math.sqrt(6 / n)) > 4.5) failures.push(`skewness ${skew}`);
  if (zScore(kurt, 3, Math.sqrt(24 / n)) > 4.5) failures.push(`kurtosis ${kurt}`);
  const u = Float64Array.from(z, normalCdf);
  const chi2 = chiSquare(histogram(u, 40, 0, 1 + 1e-12), new Array(40).fill(n / 40));
  if (chi2 > chiSquareBound(39)) failures.push(`40-bin χ² on Φ(z) ${chi2.toFixed(1)}`);
  return failures;
}

describe('uniform', () => {
  it('the CPU kernel (rand) is uniform on [0, 1)', () => {
    expect(uniformFailures(read(() => rand([N], { seed: 2024, dtype: 'float64' })))).toEqual([]);
  });
  it('the host generator (randomReference) is uniform on [0, 1)', () => {
    expect(uniformFailures(host('uniform', 77, 0, 1))).toEqual([]);
  });
  it('rand(low, high) stays in [low, high) with mean (low + high) / 2', () => {
    const u = read(() => rand([N], { seed: 5, low: -2, high: 3, dtype: 'float64' }));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(3);
    expect(uniformFailures(u.map((v) => (v + 2) / 5))).toEqual([]);
  });
  it('different seeds give independent draws (element 0 of seeds 0..N−1 is uniform)', () => {
    const u = Float64Array.from({ length: 50_000 }, (_, s) => randomReference('uniform', s, 0, 1, 0));
    expect(uniformFailures(u)).toEqual([]);
  });
});

describe('bernoulli', () => {
  for (const p of [0.05, 0.3, 0.5, 0.9]) {
    it(`rate ${p}, kernel and host generator`, () => {
      expect(
        bernoulliFailures(
          read(() => bernoulli([N], p, { seed: 11, dtype: 'float64' })),
          p,
        ),
      ).toEqual([]);
      expect(bernoulliFailures(host('bernoulli', 12, p, 0), p)).toEqual([]);
    });
  }
  it("dropout's mask keeps a share 1 − p, scaled by 1/(1 − p)", () => {
    const p = 0.2;
    const mask = Float64Array.from({ length: N }, (_, i) => dropoutMaskReference(99, p, i));
    expect(new Set(mask)).toEqual(new Set([0, 1 / (1 - p)]));
    expect(
      bernoulliFailures(
        mask.map((m) => (m > 0 ? 1 : 0)),
        1 - p,
      ),
    ).toEqual([]);
  });
});

describe('normal', () => {
  it('the CPU kernel (randn) and the host generator are standard normal', () => {
    expect(normalFailures(read(() => randn([N], { seed: 3, dtype: 'float64' })))).toEqual([]);
    expect(normalFailures(host('normal', 4, 0, 1))).toEqual([]);
  });
});

describe('negative controls: the checks reject biased generators', () => {
  const u = host('uniform', 77, 0, 1);
  it('a uniform squeezed into [0, 0.99) or skewed by u^1.03 fails', () => {
    expect(uniformFailures(u.map((v) => v * 0.99)).length).toBeGreaterThan(0);
    expect(uniformFailures(u.map((v) => v ** 1.03)).length).toBeGreaterThan(0);
  });
  it('a uniform that repeats each value twice fails (lag-1 correlation)', () => {
    expect(uniformFailures(u.map((v, i) => u[i - (i % 2)] ?? v)).length).toBeGreaterThan(0);
  });
  it('a bernoulli off by 0.01 in rate fails, and so does one with correlated neighbours', () => {
    expect(
      bernoulliFailures(
        u.map((v) => (v < 0.31 ? 1 : 0)),
        0.3,
      ).length,
    ).toBeGreaterThan(0);
    expect(
      bernoulliFailures(
        u.map((_, i) => (u[i - (i % 2)] < 0.3 ? 1 : 0)),
        0.3,
      ).length,
    ).toBeGreaterThan(0);
  });
  it('a normal with standard deviation 1.02 fails', () => {
    expect(normalFailures(host('normal', 4, 0, 1.02)).length).toBeGreaterThan(0);
  });
});
