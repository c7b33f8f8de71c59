import type { Backend } from '../backend/backend.js';
import { usesKernel } from '../backend/capabilities.js';
import type { KernelArgs } from '../backend/kernel-table.js';
import { allocArray } from '../dtype.js';
import { randomReference } from '../random.js';
import type { Tensor } from '../tensor.js';
import { exec, wrap } from './dispatch.js';

/**
 * The `random` kernel, or — where the backend declines it for this dtype — the
 * same counter-based numbers generated on the host and uploaded once.
 */
export function randomNumbers(backend: Backend, args: KernelArgs['random']): Tensor {
  if (usesKernel(backend, 'random', args.out.dtype)) return exec(backend, 'random', args);
  const { distribution, seed, a, b, out } = args;
  let n = 1;
  for (const d of out.shape) n *= d;
  const values = allocArray(out.dtype, n);
  for (let i = 0; i < n; i++) values[i] = randomReference(distribution, seed, a, b, i);
  return wrap(backend, backend.upload(values, out.dtype), out.shape, out.dtype);
}
