/**
 * Layout planning for reduction kernels, shared by backends: the input's dims
 * grouped into alternating kept/reduced runs (size-1 dims dropped), and the
 * identity an empty reduction returns.
 */
import type { DType } from '../dtype.js';
import type { ReduceOp } from './kernel-table.js';

/**
 * A reduction as one of the common contiguous layouts, x [k1, r, k2] → out [k1, k2]
 * (rows when k2 = 1, columns or a middle axis otherwise), or `null` when the
 * reduced dims are not one run (the caller copies them last first).
 */
export interface ReducePlan {
  readonly k1: number;
  readonly r: number;
  readonly k2: number;
}

/** Group `shape` into kept/reduced runs and return the [k1, r, k2] layout, or null for any other layout. */
export function planReduce(shape: readonly number[], axes: readonly number[]): ReducePlan | null {
  const reduced = new Array<boolean>(shape.length).fill(false);
  for (const ax of axes) reduced[ax] = true;
  const groups: { size: number; red: boolean }[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const g = groups[groups.length - 1];
    if (g && g.red === reduced[d]) g.size *= shape[d];
    else groups.push({ size: shape[d], red: reduced[d] });
  }
  const [a, b, c] = groups;
  switch (groups.length) {
    case 0:
      return { k1: 1, r: 1, k2: 1 };
    case 1:
      return a.red ? { k1: 1, r: a.size, k2: 1 } : { k1: a.size, r: 1, k2: 1 };
    case 2:
      return a.red ? { k1: 1, r: a.size, k2: b.size } : { k1: a.size, r: b.size, k2: 1 };
    case 3:
      return a.red ? null : { k1: a.size, r: b.size, k2: c.size };
    default:
      return null;
  }
}

/** What a reduction over no elements gives; for int32/bool outputs max/min use the dtype's extremes. */
export function reductionIdentity(op: ReduceOp, dtype: DType): number {
  switch (op) {
    case 'sum':
      return 0;
    case 'prod':
      return 1;
    case 'max':
      return dtype === 'int32' ? -2147483648 : dtype === 'bool' ? 0 : -Infinity;
    case 'min':
      return dtype === 'int32' ? 2147483647 : dtype === 'bool' ? 1 : Infinity;
  }
}
