/**
 * The counter-based random number definition every backend's `random` and
 * `dropout` kernels follow, so the same seed gives the same numbers on every
 * backend (up to float rounding). Element i of a draw depends only on
 * (seed, i): no sequential state, so GPU/SIMD kernels can compute it in parallel.
 */
import type { RandomDistribution } from './backend/kernel-table.js';

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32 random bits for counter `i` under `seed` (both uint32). */
export function randomBits(seed: number, i: number): number {
  return fmix32((fmix32((Math.imul(i, 0x9e3779b9) ^ seed) >>> 0) + seed) >>> 0);
}

const TWO_POW_MINUS_24 = 1 / 16777216;

/** Uniform in [0, 1) with 24 random bits (exactly representable in float32). */
export function uniform01(seed: number, i: number): number {
  return (randomBits(seed, i) >>> 8) * TWO_POW_MINUS_24;
}

/**
 * Element i of a random draw. normal uses Box–Muller on counters 2i and 2i+1:
 * `a + b * sqrt(-2 ln(1 - u1)) * cos(2π u2)`.
 */
export function randomReference(
  distribution: RandomDistribution,
  seed: number,
  a: number,
  b: number,
  i: number,
): number {
  switch (distribution) {
    case 'uniform':
      return a + (b - a) * uniform01(seed, i);
    case 'normal': {
      const u1 = uniform01(seed, 2 * i);
      const u2 = uniform01(seed, 2 * i + 1);
      return a + b * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
    case 'bernoulli':
      return uniform01(seed, i) < a ? 1 : 0;
  }
}

/** Dropout's mask value for element i: `u_i >= p ? 1 / (1 - p) : 0`. */
export function dropoutMaskReference(seed: number, p: number, i: number): number {
  return uniform01(seed, i) >= p ? 1 / (1 - p) : 0;
}

/** Host-side generator that hands out per-op seeds; `manualSeed` resets it. */
export class SeedSequence {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  reset(seed: number): void {
    this.state = seed >>> 0;
  }
  /** splitmix32 step. */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return fmix32(this.state);
  }
}
