import type { KernelArgs } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * In place: g' = grad + wd*param + l1*sign(param); with velocity
 * v = momentum*v + (1-dampening)*g', step = nesterov ? g' + momentum*v : v;
 * param -= lr*step.
 */
export function sgdUpdate(s: CpuStorage, args: KernelArgs['sgdUpdate']): void {
  const { lr, momentum, dampening, nesterov, weightDecay: wd, l1 } = args;
  const P = s.get(args.param.handle);
  const G = s.get(args.grad.handle);
  const n = P.length;
  if (args.velocity === null) {
    for (let i = 0; i < n; i++) {
      const p = P[i];
      const sg = p > 0 ? 1 : p < 0 ? -1 : p;
      P[i] = p - lr * (G[i] + wd * p + l1 * sg);
    }
    return;
  }
  const V = s.get(args.velocity.handle);
  const damp = 1 - dampening;
  for (let i = 0; i < n; i++) {
    const p = P[i];
    const sg = p > 0 ? 1 : p < 0 ? -1 : p;
    const g = G[i] + wd * p + l1 * sg;
    V[i] = momentum * V[i] + damp * g;
    const v = V[i]; // as stored (rounded to the param dtype)
    const step = nesterov ? g + momentum * v : v;
    P[i] = p - lr * step;
  }
}
