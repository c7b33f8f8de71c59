import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Per-row `log Σ exp(x − m) − (x[label] − m)` with m the row max (stable and accurate). An out-of-range label gives NaN. */
export function crossEntropy(s: CpuStorage, { logits, labels, out }: KernelArgs['crossEntropy']): DataHandle {
  const X = s.get(logits.handle);
  const L = s.get(labels.handle);
  const N = logits.shape[0];
  const C = logits.shape[1];
  const O = allocArray(out.dtype, N);
  for (let r = 0; r < N; r++) {
    const p = r * C;
    const label = L[r];
    if (!(label >= 0 && label < C)) {
      O[r] = Number.NaN;
      continue;
    }
    let m = -Infinity;
    for (let c = 0; c < C; c++) {
      const v = X[p + c];
      if (v > m || Number.isNaN(v)) m = v;
    }
    if (m === -Infinity) m = 0;
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(X[p + c] - m);
    // log Σ exp(x − m) − (x[label] − m): never (m + log Σ) − x[label], which rounds at |m| ≈ 1000.
    O[r] = Math.log(sum) - (X[p + label] - m);
  }
  return s.wrap(O, out.dtype);
}
