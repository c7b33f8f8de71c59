import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray, sizeOf, uniform01 } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * Seeded counter-based random numbers: element i equals core's
 * `randomReference(distribution, seed, a, b, i)` (same expressions, same order,
 * so float64 results are bit-identical; float32 rounds once on store).
 */
export function random(s: CpuStorage, { distribution, seed, a, b, out }: KernelArgs['random']): DataHandle {
  const n = sizeOf(out.shape);
  const O = allocArray(out.dtype, n);
  switch (distribution) {
    case 'uniform': {
      const w = b - a;
      for (let i = 0; i < n; i++) O[i] = a + w * uniform01(seed, i);
      break;
    }
    case 'normal': {
      const twoPi = 2 * Math.PI;
      for (let i = 0; i < n; i++) {
        const u1 = uniform01(seed, 2 * i);
        const u2 = uniform01(seed, 2 * i + 1);
        O[i] = a + b * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(twoPi * u2);
      }
      break;
    }
    case 'bernoulli':
      for (let i = 0; i < n; i++) O[i] = uniform01(seed, i) < a ? 1 : 0;
      break;
  }
  return s.wrap(O, out.dtype);
}
