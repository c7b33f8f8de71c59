import { allocArray, type DataHandle, type KernelArgs, randomReference, sizeOf } from '@polygrad/core';
import type { KernelContext } from '../context.js';

/**
 * TF.js has no integer bit operations (xor, shifts, 32-bit multiply) to run
 * core's counter-based generator on the device, so every tfjs backend declines
 * `random` and core generates on the host. Called directly, this kernel does
 * the same: core's `randomReference` per element, uploaded once.
 */
export function random(
  c: KernelContext,
  { distribution, seed, a, b, out }: KernelArgs['random'],
): DataHandle {
  const n = sizeOf(out.shape);
  const values = allocArray(out.dtype, n);
  for (let i = 0; i < n; i++) values[i] = randomReference(distribution, seed, a, b, i);
  return c.storage.upload(values, out.dtype);
}
