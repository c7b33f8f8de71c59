import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * Into new buffers: g' = grad + wd*param + l1*sign(param); with velocity
 * v' = firstStep ? g' : momentum*v + (1-dampening)*g' (PyTorch: the first
 * velocity is the undampened gradient), step = nesterov ? g' + momentum*v' : v';
 * param' = param - lr*step.
 */
export function sgdUpdate(
  s: CpuStorage,
  args: KernelArgs['sgdUpdate'],
): { param: DataHandle; velocity: DataHandle | null } {
  const { lr, momentum, dampening, nesterov, weightDecay: wd, l1, firstStep } = args;
  const dtype = args.param.dtype;
  const P = s.get(args.param.handle);
  const G = s.get(args.grad.handle);
  const n = P.length;
  const P2 = allocArray(dtype, n);
  if (args.velocity === null) {
    for (let i = 0; i < n; i++) {
      const p = P[i];
      const sg = p > 0 ? 1 : p < 0 ? -1 : p;
      P2[i] = p - lr * (G[i] + wd * p + l1 * sg);
    }
    return { param: s.wrap(P2, dtype), velocity: null };
  }
  const V = s.get(args.velocity.handle);
  const V2 = allocArray(dtype, n);
  const damp = 1 - dampening;
  for (let i = 0; i < n; i++) {
    const p = P[i];
    const sg = p > 0 ? 1 : p < 0 ? -1 : p;
    const g = G[i] + wd * p + l1 * sg;
    V2[i] = firstStep ? g : momentum * V[i] + damp * g;
    const v = V2[i]; // as stored (rounded to the param dtype)
    const step = nesterov ? g + momentum * v : v;
    P2[i] = p - lr * step;
  }
  return { param: s.wrap(P2, dtype), velocity: s.wrap(V2, dtype) };
}
