import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * Into new buffers, `step` from 1. Adam: g' = grad + wd*param; AdamW (decoupled):
 * param *= 1 - lr*wd first. m' = b1*m + (1-b1)*g'; v' = b2*v + (1-b2)*g'^2;
 * param' = param - lr * (m'/(1-b1^step)) / (sqrt(v'/(1-b2^step)) + eps).
 */
export function adamUpdate(
  s: CpuStorage,
  args: KernelArgs['adamUpdate'],
): { param: DataHandle; m: DataHandle; v: DataHandle } {
  const { lr, beta1, beta2, eps, weightDecay: wd, decoupled, step } = args;
  const dtype = args.param.dtype;
  const P = s.get(args.param.handle);
  const G = s.get(args.grad.handle);
  const Mt = s.get(args.m.handle);
  const Vt = s.get(args.v.handle);
  const n = P.length;
  const P2 = allocArray(dtype, n);
  const M2 = allocArray(dtype, n);
  const V2 = allocArray(dtype, n);
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
    M2[i] = beta1 * Mt[i] + c1 * g;
    V2[i] = beta2 * Vt[i] + c2 * (g * g);
    P2[i] = p - (lr * (M2[i] / bc1)) / (Math.sqrt(V2[i] / bc2) + eps);
  }
  return { param: s.wrap(P2, dtype), m: s.wrap(M2, dtype), v: s.wrap(V2, dtype) };
}
