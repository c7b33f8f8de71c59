import type { BinaryOp, DataHandle, KernelArgs, TypedArray } from '@polygrad/core';
import { allocArray, broadcastStrides, planLoop, stridesOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * Elementwise binary math with NumPy broadcasting. Same-shape and
 * scalar-operand cases run one flat loop; everything else is planned into
 * rows (see broadcast.ts) with one strided loop per row.
 */
export function binary(s: CpuStorage, { op, a, b, out }: KernelArgs['binary']): DataHandle {
  const A = s.get(a.handle);
  const B = s.get(b.handle);
  const size = outSize(out.shape);
  const O = allocArray(out.dtype, size);
  const int = out.dtype === 'int32';
  if (size > 0) {
    const na = A.length;
    const nb = B.length;
    if (na === size && nb === size) {
      binaryDense(op, A, B, O, size, int);
    } else if (na === size && nb === 1) {
      binaryLoop(op, A, 0, 1, B, 0, 0, O, 0, size, int);
    } else if (na === 1 && nb === size) {
      binaryLoop(op, A, 0, 0, B, 0, 1, O, 0, size, int);
    } else {
      const plan = planLoop(out.shape, [
        stridesOf(out.shape),
        broadcastStrides(a.shape, out.shape),
        broadcastStrides(b.shape, out.shape),
      ]);
      const { n, rows, inner, offsets } = plan;
      const oo = offsets[0];
      const oa = offsets[1];
      const ob = offsets[2];
      for (let r = 0; r < rows; r++) binaryLoop(op, A, oa[r], inner[1], B, ob[r], inner[2], O, oo[r], n, int);
    }
    if (out.dtype === 'bool' && (op === 'add' || op === 'sub' || op === 'div' || op === 'pow')) {
      // keep bools 0/1 (add acts as logical or)
      for (let i = 0; i < size; i++) O[i] = O[i] !== 0 ? 1 : 0;
    }
  }
  return s.wrap(O, out.dtype);
}

function outSize(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Same-shape operands: plain indexed loops (no stride arithmetic). */
function binaryDense(
  op: BinaryOp,
  A: TypedArray,
  B: TypedArray,
  O: TypedArray,
  n: number,
  int32: boolean,
): void {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) O[i] = A[i] + B[i];
      return;
    case 'sub':
      for (let i = 0; i < n; i++) O[i] = A[i] - B[i];
      return;
    case 'mul':
      if (int32) for (let i = 0; i < n; i++) O[i] = Math.imul(A[i], B[i]);
      else for (let i = 0; i < n; i++) O[i] = A[i] * B[i];
      return;
    case 'div':
      for (let i = 0; i < n; i++) O[i] = A[i] / B[i];
      return;
    default:
      binaryLoop(op, A, 0, 1, B, 0, 1, O, 0, n, int32);
  }
}

/** `O[io + i] = A[ia + i*sa] op B[ib + i*sb]` for i < n. */
export function binaryLoop(
  op: BinaryOp,
  A: TypedArray,
  ia: number,
  sa: number,
  B: TypedArray,
  ib: number,
  sb: number,
  O: TypedArray,
  io: number,
  n: number,
  int32: boolean,
): void {
  const end = io + n;
  switch (op) {
    case 'add':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] + B[ib];
      return;
    case 'sub':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] - B[ib];
      return;
    case 'mul':
      if (int32) for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = Math.imul(A[ia], B[ib]);
      else for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] * B[ib];
      return;
    case 'div':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] / B[ib];
      return;
    case 'pow':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] ** B[ib];
      return;
    case 'maximum':
      for (let i = io; i < end; i++, ia += sa, ib += sb) {
        const x = A[ia];
        const y = B[ib];
        O[i] = x > y || Number.isNaN(x) ? x : y; // NaN in either propagates
      }
      return;
    case 'minimum':
      for (let i = io; i < end; i++, ia += sa, ib += sb) {
        const x = A[ia];
        const y = B[ib];
        O[i] = x < y || Number.isNaN(x) ? x : y;
      }
      return;
    case 'logicalAnd':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] !== 0 && B[ib] !== 0 ? 1 : 0;
      return;
    case 'logicalOr':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] !== 0 || B[ib] !== 0 ? 1 : 0;
      return;
  }
}
