import type { DataHandle, KernelArgs } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';
import { matmulInto } from './matmul.js';

/** `out = x · weightᵀ + bias`: the blocked GEMM reads `weight` transposed in place and adds bias on store. */
export function linear(s: CpuStorage, { x, weight, bias, out }: KernelArgs['linear']): DataHandle {
  const X = s.get(x.handle);
  const W = s.get(weight.handle);
  const bvals = bias ? s.get(bias.handle) : null;
  const N = x.shape[0];
  const inF = x.shape[1];
  const outF = weight.shape[0];
  const O = allocArray(out.dtype, N * outF);
  matmulInto(X, W, O, out.dtype, 1, N, outF, inF, false, true, bvals);
  return s.wrap(O, out.dtype);
}
