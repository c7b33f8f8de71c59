import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** `dlogits = (softmax(logits) - onehot(labels)) * dloss[:, None]`. */
export function crossEntropyBackward(
  s: CpuStorage,
  { logits, labels, dloss, out }: KernelArgs['crossEntropyBackward'],
): DataHandle {
  const X = s.get(logits.handle);
  const L = s.get(labels.handle);
  const D = s.get(dloss.handle);
  const N = logits.shape[0];
  const C = logits.shape[1];
  const O = allocArray(out.dtype, N * C);
  for (let r = 0; r < N; r++) {
    const p = r * C;
    let m = -Infinity;
    for (let c = 0; c < C; c++) {
      const v = X[p + c];
      if (v > m || Number.isNaN(v)) m = v;
    }
    if (m === -Infinity) m = 0;
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(X[p + c] - m);
    const g = D[r];
    const scale = g / sum;
    const label = L[r];
    for (let c = 0; c < C; c++) {
      const sm = Math.exp(X[p + c] - m) * scale;
      O[p + c] = c === label ? sm - g : sm;
    }
  }
  return s.wrap(O, out.dtype);
}
