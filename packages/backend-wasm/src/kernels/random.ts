/** Seeded counter-based random numbers (core's `randomReference`, element i from (seed, i)). */
import { type DataHandle, type KernelArgs, sizeOf } from '@polygrad/core';
import { DISTRIBUTION_CODE, DTYPE_CODE, Job } from '../runtime/codes.js';
import type { WasmStorage } from '../storage.js';
import { ELEMENTWISE_CHUNK } from './elementwise.js';

export function random(s: WasmStorage, { distribution, seed, a, b, out }: KernelArgs['random']): DataHandle {
  const n = sizeOf(out.shape);
  const o = s.alloc('random', out.dtype, n);
  s.guard('random', [o], () => {
    s.rt.run(Job.random, n, s.rt.split(n, ELEMENTWISE_CHUNK / 4), [
      DISTRIBUTION_CODE[distribution],
      DTYPE_CODE[out.dtype],
      o.ptr,
      seed >>> 0,
      a,
      b,
    ]);
  });
  return o;
}
