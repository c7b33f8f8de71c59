import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** `dx = dy * f'(x)`; sigmoid and tanh use `y = f(x)`. relu' is 0 where x <= 0 (PyTorch convention). */
export function activationBackward(
  s: CpuStorage,
  { op, x, y, dy, out }: KernelArgs['activationBackward'],
): DataHandle {
  const DY = s.get(dy.handle);
  const n = DY.length;
  const O = allocArray(out.dtype, n);
  switch (op) {
    case 'relu': {
      const X = s.get(x.handle);
      for (let i = 0; i < n; i++) O[i] = X[i] <= 0 ? 0 : DY[i];
      break;
    }
    case 'sigmoid': {
      const Y = s.get(y.handle);
      for (let i = 0; i < n; i++) {
        const v = Y[i];
        O[i] = DY[i] * v * (1 - v);
      }
      break;
    }
    case 'tanh': {
      const Y = s.get(y.handle);
      for (let i = 0; i < n; i++) {
        const v = Y[i];
        O[i] = DY[i] * (1 - v * v);
      }
      break;
    }
    case 'softplus': {
      // softplus'(x) = sigmoid(x), computed stably
      const X = s.get(x.handle);
      for (let i = 0; i < n; i++) {
        const v = X[i];
        let sg: number;
        if (v >= 0) sg = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          sg = e / (1 + e);
        }
        O[i] = DY[i] * sg;
      }
      break;
    }
  }
  return s.wrap(O, out.dtype);
}
