import type { CompareOp, DataHandle, KernelArgs, TypedArray } from '@polygrad/core';
import { broadcastStrides, planLoop, sizeOf, stridesOf } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/** Elementwise comparisons with broadcasting; bool (0/1) out. NaN compares false except notEqual. */
export function compare(s: CpuStorage, { op, a, b, out }: KernelArgs['compare']): DataHandle {
  const A = s.get(a.handle);
  const B = s.get(b.handle);
  const size = sizeOf(out.shape);
  const O = new Uint8Array(size);
  if (size > 0) {
    const na = A.length;
    const nb = B.length;
    if (na === size && (nb === size || nb === 1)) {
      compareLoop(op, A, 0, 1, B, 0, nb === 1 ? 0 : 1, O, 0, size);
    } else if (na === 1 && nb === size) {
      compareLoop(op, A, 0, 0, B, 0, 1, O, 0, size);
    } else {
      const { n, rows, inner, offsets } = planLoop(out.shape, [
        stridesOf(out.shape),
        broadcastStrides(a.shape, out.shape),
        broadcastStrides(b.shape, out.shape),
      ]);
      for (let r = 0; r < rows; r++)
        compareLoop(op, A, offsets[1][r], inner[1], B, offsets[2][r], inner[2], O, offsets[0][r], n);
    }
  }
  return s.wrap(O, 'bool');
}

function compareLoop(
  op: CompareOp,
  A: TypedArray,
  ia: number,
  sa: number,
  B: TypedArray,
  ib: number,
  sb: number,
  O: Uint8Array,
  io: number,
  n: number,
): void {
  const end = io + n;
  switch (op) {
    case 'equal':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] === B[ib] ? 1 : 0;
      return;
    case 'notEqual':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] !== B[ib] ? 1 : 0;
      return;
    case 'less':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] < B[ib] ? 1 : 0;
      return;
    case 'lessEqual':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] <= B[ib] ? 1 : 0;
      return;
    case 'greater':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] > B[ib] ? 1 : 0;
      return;
    case 'greaterEqual':
      for (let i = io; i < end; i++, ia += sa, ib += sb) O[i] = A[ia] >= B[ib] ? 1 : 0;
      return;
  }
}
