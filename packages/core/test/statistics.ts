/**
 * Goodness-of-fit helpers for the statistical tests of the random number
 * generators and the shuffle. Expectations come from the distributions'
 * formulas (uniform, Bernoulli, normal, uniform over permutations), never from
 * the code under test. Every test uses fixed seeds, so a verdict is
 * deterministic: the significance level (p = 1e-4) only says how unlikely a
 * correct generator is to land past the bound.
 */

/** Upper-tail standard normal quantile for p = 1e-4. */
export const Z_1E4 = 3.719;

/** Pearson's χ² statistic of observed counts against expected counts. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < observed.length; i++) s += (observed[i] - expected[i]) ** 2 / expected[i];
  return s;
}

/** χ² value exceeded with probability ~1e-4 at `dof` degrees of freedom (Wilson–Hilferty). */
export function chiSquareBound(dof: number): number {
  const c = 2 / (9 * dof);
  return dof * (1 - c + Z_1E4 * Math.sqrt(c)) ** 3;
}

/** Counts of `values` in `bins` equal-width bins over [lo, hi); values outside count as failures (NaN bin). */
export function histogram(values: ArrayLike<number>, bins: number, lo: number, hi: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const b = Math.floor(((values[i] - lo) * bins) / (hi - lo));
    if (b < 0 || b >= bins) throw new Error(`value ${values[i]} outside [${lo}, ${hi})`);
    counts[b]++;
  }
  return counts;
}

export function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

/** The k-th central moment. */
export function centralMoment(v: ArrayLike<number>, k: number): number {
  const m = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) ** k;
  return s / v.length;
}

/** Lag-1 sample autocorrelation. */
export function lag1Correlation(v: ArrayLike<number>): number {
  const m = mean(v);
  let num = 0;
  let den = 0;
  for (let i = 0; i < v.length; i++) {
    den += (v[i] - m) ** 2;
    if (i + 1 < v.length) num += (v[i] - m) * (v[i + 1] - m);
  }
  return num / den;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** |observed − expected| in units of the standard error `sd`. */
export const zScore = (observed: number, expected: number, sd: number): number =>
  Math.abs(observed - expected) / sd;
