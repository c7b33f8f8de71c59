/**
 * Core's counter-based generator (packages/core/src/random.ts), the same
 * expressions in the same order: element i depends only on (seed, i), so any
 * thread can draw any range and every backend draws the same numbers.
 */
import { F32, F64, I32 } from './common';

@inline
function fmix32(h: u32): u32 {
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  h ^= h >>> 16;
  return h;
}

@inline
export function uniform01(seed: u32, i: u32): f64 {
  const bits = fmix32(fmix32((i * 0x9e3779b9) ^ seed) + seed);
  return <f64>(bits >>> 8) * (1.0 / 16777216.0);
}

export const D_UNIFORM: i32 = 0;
export const D_NORMAL: i32 = 1;
export const D_BERNOULLI: i32 = 2;

@inline
function storeAs(dtype: i32, o: usize, i: i32, v: f64): void {
  if (dtype == F32) store<f32>(o + (<usize>i << 2), <f32>v);
  else if (dtype == F64) store<f64>(o + (<usize>i << 3), v);
  else if (dtype == I32) store<i32>(o + (<usize>i << 2), <i32>v);
  else store<u8>(o + <usize>i, v != 0 ? 1 : 0);
}

/** Elements [start, end) of a draw (uniform [a, b), normal(mean a, std b), bernoulli(p = a)). */
export function random(dist: i32, dtype: i32, o: usize, seed: u32, a: f64, b: f64, start: i32, end: i32): void {
  if (dist == D_UNIFORM) {
    const w = b - a;
    for (let i = start; i < end; i++) storeAs(dtype, o, i, a + w * uniform01(seed, <u32>i));
  } else if (dist == D_NORMAL) {
    const twoPi = 2 * Math.PI;
    for (let i = start; i < end; i++) {
      const u1 = uniform01(seed, <u32>(2 * i));
      const u2 = uniform01(seed, <u32>(2 * i + 1));
      storeAs(dtype, o, i, a + b * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(twoPi * u2));
    }
  } else {
    for (let i = start; i < end; i++) storeAs(dtype, o, i, uniform01(seed, <u32>i) < a ? 1 : 0);
  }
}
