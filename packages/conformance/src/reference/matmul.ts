/** Naive float64 matrix products with NumPy semantics (1-D promotion, broadcast batch) and transpose flags. */
import { broadcastIndex, broadcastShape, type NDArray, nd, sizeOf, unravel } from './ndarray.js';

/**
 * `op(a) · op(b)` where op transposes the last two axes when its flag is set.
 * 1-D operands are promoted (a → [1, K] / b → [K, 1]) and the added axis removed, as NumPy does.
 */
export function matmul(a0: NDArray, b0: NDArray, transposeA = false, transposeB = false): NDArray {
  const aVec = a0.shape.length === 1;
  const bVec = b0.shape.length === 1;
  const a: NDArray = aVec ? { shape: transposeA ? [a0.shape[0], 1] : [1, a0.shape[0]], data: a0.data } : a0;
  const b: NDArray = bVec ? { shape: transposeB ? [1, b0.shape[0]] : [b0.shape[0], 1], data: b0.data } : b0;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [ar, ac] = [a.shape[ra - 2], a.shape[ra - 1]];
  const [br, bc] = [b.shape[rb - 2], b.shape[rb - 1]];
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const n = transposeB ? br : bc;
  if ((transposeB ? bc : br) !== k) throw new Error('reference matmul: inner dimensions differ');
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batch = broadcastShape(aBatch, bBatch);
  if (!batch) throw new Error('reference matmul: batch dimensions do not broadcast');
  const B = sizeOf(batch);
  const out = nd([...batch, m, n]);
  for (let bi = 0; bi < B; bi++) {
    const idx = unravel(bi, batch);
    const aOff = broadcastIndex(idx, aBatch) * ar * ac;
    const bOff = broadcastIndex(idx, bBatch) * br * bc;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = a.data[aOff + (transposeA ? p * ac + i : i * ac + p)];
          const bv = b.data[bOff + (transposeB ? j * bc + p : p * bc + j)];
          s += av * bv;
        }
        out.data[(bi * m + i) * n + j] = s;
      }
    }
  }
  let shape = [...batch, m, n];
  if (aVec) shape = [...batch, n];
  if (bVec) shape = aVec ? [...batch] : [...batch, m];
  return { shape, data: out.data };
}

/** x · Wᵀ + b with x [N, in], W [out, in], b [out] or null. */
export function linear(x: NDArray, w: NDArray, bias: NDArray | null): NDArray {
  const y = matmul(x, w, false, true);
  if (!bias) return y;
  const outF = w.shape[0];
  return { shape: y.shape, data: y.data.map((v, i) => v + bias.data[i % outF]) };
}

/** Swap the last two axes (for gradient formulas). */
export function transposeLast2(x: NDArray): NDArray {
  const r = x.shape.length;
  const rows = x.shape[r - 2];
  const cols = x.shape[r - 1];
  const batch = x.shape.slice(0, -2);
  const out = nd([...batch, cols, rows]);
  const B = sizeOf(batch);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++)
        out.data[b * rows * cols + j * rows + i] = x.data[b * rows * cols + i * cols + j];
  return out;
}
