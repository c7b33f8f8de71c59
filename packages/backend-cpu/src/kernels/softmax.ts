import type { DataHandle, KernelArgs, TypedArray } from '@polygrad/core';
import { allocArray, splitAxis } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Stable softmax / log-softmax along `axis` (subtracts the max; NaN in a row makes the row NaN). */
export function softmax(s: CpuStorage, { x, axis, log, out }: KernelArgs['softmax']): DataHandle {
  const X = s.get(x.handle);
  const O = allocArray(out.dtype, X.length);
  const [outer, len, inner] = splitAxis(x.shape, axis);
  if (X.length === 0) return s.wrap(O, out.dtype);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) softmaxLine(X, O, o * len * inner + j, inner, len, log);
  }
  return s.wrap(O, out.dtype);
}

let scratch = new Float64Array(256);

/** Softmax of the strided line X[p + t*st], t < len, into O at the same positions. */
export function softmaxLine(
  X: TypedArray,
  O: TypedArray,
  p: number,
  st: number,
  len: number,
  log: boolean,
): void {
  const end = p + len * st;
  let m = -Infinity;
  for (let q = p; q < end; q += st) {
    const v = X[q];
    if (v > m || Number.isNaN(v)) m = v;
  }
  if (m === -Infinity) m = 0; // an all -inf row gives NaN, as in PyTorch
  let sum = 0;
  if (log) {
    for (let q = p; q < end; q += st) sum += Math.exp(X[q] - m);
    // (x − m) − log Σ: never x − (m + log Σ), which rounds at |m| ≈ 1000 (see the kernel contract).
    const logSum = Math.log(sum);
    for (let q = p; q < end; q += st) O[q] = X[q] - m - logSum;
    return;
  }
  // keep the exponentials in float64 (O may be float32) in a reused scratch row
  if (scratch.length < len) scratch = new Float64Array(len);
  const e = scratch;
  for (let q = p, t = 0; q < end; q += st, t++) {
    const v = Math.exp(X[q] - m);
    e[t] = v;
    sum += v;
  }
  const inv = 1 / sum;
  for (let q = p, t = 0; q < end; q += st, t++) O[q] = e[t] * inv;
}
