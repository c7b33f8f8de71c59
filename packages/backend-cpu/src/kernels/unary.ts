import type { DataHandle, KernelArgs, TypedArray, UnaryOp } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * Elementwise unary math. One loop per op; the switch runs once per call.
 * Results are stored in the output's typed array, so float32 rounds per element
 * and int32 wraps (square uses Math.imul).
 */
export function unary(s: CpuStorage, { op, x, out }: KernelArgs['unary']): DataHandle {
  const X = s.get(x.handle);
  const n = X.length;
  const O = allocArray(out.dtype, n);
  unaryLoop(op, X, O, n, x.dtype === 'int32' || x.dtype === 'bool');
  return s.wrap(O, out.dtype);
}

export function unaryLoop(op: UnaryOp, X: TypedArray, O: TypedArray, n: number, integer: boolean): void {
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) O[i] = -X[i];
      return;
    case 'abs':
      for (let i = 0; i < n; i++) O[i] = Math.abs(X[i]);
      return;
    case 'sign':
      for (let i = 0; i < n; i++) {
        const v = X[i];
        O[i] = v > 0 ? 1 : v < 0 ? -1 : v; // keeps 0, -0 and NaN
      }
      return;
    case 'exp':
      for (let i = 0; i < n; i++) O[i] = Math.exp(X[i]);
      return;
    case 'log':
      for (let i = 0; i < n; i++) O[i] = Math.log(X[i]);
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) O[i] = Math.sqrt(X[i]);
      return;
    case 'rsqrt':
      for (let i = 0; i < n; i++) O[i] = 1 / Math.sqrt(X[i]);
      return;
    case 'square':
      if (integer) for (let i = 0; i < n; i++) O[i] = Math.imul(X[i], X[i]);
      else
        for (let i = 0; i < n; i++) {
          const v = X[i];
          O[i] = v * v;
        }
      return;
    case 'reciprocal':
      for (let i = 0; i < n; i++) O[i] = 1 / X[i];
      return;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const v = X[i];
        O[i] = v > 0 ? v : Number.isNaN(v) ? v : 0;
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = X[i];
        if (v >= 0) O[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          O[i] = e / (1 + e);
        }
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) O[i] = Math.tanh(X[i]);
      return;
    case 'softplus':
      for (let i = 0; i < n; i++) {
        const v = X[i];
        O[i] = v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
      }
      return;
    case 'floor':
      for (let i = 0; i < n; i++) O[i] = Math.floor(X[i]);
      return;
    case 'ceil':
      for (let i = 0; i < n; i++) O[i] = Math.ceil(X[i]);
      return;
    case 'round':
      // Math.round rounds half up; move exact halves with an odd result down (half to even).
      for (let i = 0; i < n; i++) {
        const v = X[i];
        const r = Math.round(v);
        O[i] = r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
      }
      return;
    case 'sin':
      for (let i = 0; i < n; i++) O[i] = Math.sin(X[i]);
      return;
    case 'cos':
      for (let i = 0; i < n; i++) O[i] = Math.cos(X[i]);
      return;
    case 'log1p':
      for (let i = 0; i < n; i++) O[i] = Math.log1p(X[i]);
      return;
    case 'expm1':
      for (let i = 0; i < n; i++) O[i] = Math.expm1(X[i]);
      return;
    case 'logicalNot':
      for (let i = 0; i < n; i++) O[i] = X[i] === 0 ? 1 : 0;
      return;
    case 'isNaN':
      for (let i = 0; i < n; i++) {
        const v = X[i];
        O[i] = Number.isNaN(v) ? 1 : 0;
      }
      return;
    case 'isFinite':
      for (let i = 0; i < n; i++) {
        const v = X[i];
        O[i] = v - v === 0 ? 1 : 0;
      }
      return;
  }
}
