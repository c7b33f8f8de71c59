import type { KernelArgs } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * In place, `step` from 1. Adam: g' = grad + wd*param; AdamW (decoupled):
 * param *= 1 - lr*wd first. m = b1*m + (1-b1)*g'; v = b2*v + (1-b2)*g'^2;
 * param -= lr * (m/(1-b1^step)) / (sqrt(v/(1-b2^step)) + eps).
 */
export function adamUpdate(s: CpuStorage, args: KernelArgs['adamUpdate']): void {
  const { lr, beta1, beta2, eps, weightDecay: wd, decoupled, step } = args;
  const P = s.get(args.param.handle);
  const G = s.get(args.grad.handle);
  const Mt = s.get(args.m.handle);
  const Vt = s.get(args.v.handle);
  const n = P.length;
  const bc1 = 1 - beta1 ** step;
  const bc2 = 1 - beta2 ** step;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const decay = decoupled ? 1 - lr * wd : 1;
  const l2 = decoupled ? 0 : wd;
  for (let i = 0; i < n; i++) {
    let p = P[i];
    const g = G[i] + l2 * p;
    if (decoupled) p *= decay;
    Mt[i] = beta1 * Mt[i] + c1 * g;
    Vt[i] = beta2 * Vt[i] + c2 * (g * g);
    P[i] = p - (lr * (Mt[i] / bc1)) / (Math.sqrt(Vt[i] / bc2) + eps);
  }
}
