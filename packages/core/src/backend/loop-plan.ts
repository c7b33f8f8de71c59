/**
 * Strided iteration helpers for backend authors (elementwise, layout and
 * broadcast kernels), exported from core so that no backend copies them.
 *
 * A loop over `shape` reading/writing several operands with arbitrary strides
 * (0 = broadcast) is reduced to "rows × n": size-1 dims are dropped, adjacent
 * dims that are contiguous for every operand are merged, and the start offset
 * of every row is precomputed once per operand. Kernels then run one tight,
 * op-specialised inner loop per row.
 */
import { stridesOf } from '../shape.js';

/** Strides of `inShape` read as if broadcast to `outShape` (right-aligned, 0 where broadcast). */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const r = outShape.length;
  const off = r - inShape.length;
  const dense = stridesOf(inShape);
  const s = new Array<number>(r).fill(0);
  for (let i = 0; i < inShape.length; i++) {
    if (inShape[i] !== 1) s[i + off] = dense[i];
  }
  return s;
}

/**
 * A strided loop as rows of contiguous runs: row length, row count, each operand's inner stride and row
 * offsets.
 */
export interface LoopPlan {
  /** Length of each row (the innermost, merged dimension). */
  readonly n: number;
  /** Number of rows. */
  readonly rows: number;
  /** Inner-loop stride of each operand. */
  readonly inner: number[];
  /** Start offset of every row, per operand (length `rows`). */
  readonly offsets: Float64Array[];
}

/** Merge/drop dims of `shape` for operands with the given strides. Returns the collapsed shape and strides. */
export function collapse(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const k = strides.length;
  const outShape: number[] = [];
  const outStrides: number[][] = [];
  for (let j = 0; j < k; j++) outStrides.push([]);
  // Walk from innermost to outermost, building reversed lists.
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d];
    if (size === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0) {
      let mergeable = true;
      for (let j = 0; j < k; j++) {
        if (strides[j][d] !== outStrides[j][last] * outShape[last]) {
          mergeable = false;
          break;
        }
      }
      if (mergeable) {
        outShape[last] *= size;
        continue;
      }
    }
    outShape.push(size);
    for (let j = 0; j < k; j++) outStrides[j].push(strides[j][d]);
  }
  outShape.reverse();
  for (let j = 0; j < k; j++) outStrides[j].reverse();
  return { shape: outShape, strides: outStrides };
}

/** Plan a strided loop over `shape` for operands with the given strides (and base offsets). */
export function planLoop(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  base?: readonly number[],
): LoopPlan {
  const k = strides.length;
  const c = collapse(shape, strides);
  const r = c.shape.length;
  const offsets: Float64Array[] = [];
  if (r === 0) {
    for (let j = 0; j < k; j++) offsets.push(Float64Array.of(base ? base[j] : 0));
    return { n: 1, rows: 1, inner: new Array<number>(k).fill(0), offsets };
  }
  const n = c.shape[r - 1];
  const inner = c.strides.map((s) => s[r - 1]);
  let rows = 1;
  for (let d = 0; d < r - 1; d++) rows *= c.shape[d];
  for (let j = 0; j < k; j++) offsets.push(new Float64Array(rows));
  if (rows === 0 || n === 0) return { n, rows: n === 0 ? 0 : rows, inner, offsets };
  const idx = new Array<number>(r - 1).fill(0);
  const cur = new Array<number>(k);
  for (let j = 0; j < k; j++) cur[j] = base ? base[j] : 0;
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < k; j++) offsets[j][row] = cur[j];
    // odometer increment over the outer dims
    for (let d = r - 2; d >= 0; d--) {
      idx[d]++;
      if (idx[d] < c.shape[d]) {
        for (let j = 0; j < k; j++) cur[j] += c.strides[j][d];
        break;
      }
      idx[d] = 0;
      for (let j = 0; j < k; j++) cur[j] -= c.strides[j][d] * (c.shape[d] - 1);
    }
  }
  return { n, rows, inner, offsets };
}

type AnyArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/**
 * `dst[dstOff + Σ i·dstStrides] = src[srcOff + Σ i·srcStrides]` over `shape`.
 * `src` and `dst` must have the same element type (bool/int/float preserved).
 */
export function copyStrided(
  src: AnyArray,
  srcOff: number,
  srcStrides: readonly number[],
  dst: AnyArray,
  dstOff: number,
  dstStrides: readonly number[],
  shape: readonly number[],
): void {
  const plan = planLoop(shape, [dstStrides, srcStrides], [dstOff, srcOff]);
  const { n, rows } = plan;
  if (n === 0 || rows === 0) return;
  const sd = plan.inner[0];
  const ss = plan.inner[1];
  const od = plan.offsets[0];
  const os = plan.offsets[1];
  if (sd === 1 && ss === 1 && n >= 32) {
    for (let r = 0; r < rows; r++) {
      const s0 = os[r];
      dst.set(src.subarray(s0, s0 + n), od[r]);
    }
    return;
  }
  if (ss === 0) {
    for (let r = 0; r < rows; r++) {
      const v = src[os[r]];
      let d = od[r];
      for (let i = 0; i < n; i++, d += sd) dst[d] = v;
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    let d = od[r];
    let s = os[r];
    for (let i = 0; i < n; i++, d += sd, s += ss) dst[d] = src[s];
  }
}
