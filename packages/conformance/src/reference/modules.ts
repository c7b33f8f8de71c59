/**
 * Naive float64 references for the nn/optim/data library (module-level cases):
 * hand formulas from the seed written as plain loops, independent of core.
 */
import { type NDArray, nd } from './ndarray.js';

/**
 * The seed's Linear in the row convention (weight [out, in]):
 * Y = X·Wᵀ + b; dC/dX = dC/dY·W, dC/dW = (dC/dY)ᵀ·X, dC/db = Σ_rows dC/dY.
 */
export function linearModule(
  x: NDArray,
  w: NDArray,
  b: NDArray | null,
  dy: NDArray,
): { y: NDArray; dx: NDArray; dw: NDArray; db: NDArray | null } {
  const [n, inF] = x.shape;
  const outF = w.shape[0];
  const y = nd([n, outF]);
  const dx = nd([n, inF]);
  const dw = nd([outF, inF]);
  const db = b ? nd([outF]) : null;
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < outF; o++) {
      let s = b ? b.data[o] : 0;
      for (let i = 0; i < inF; i++) s += x.data[r * inF + i] * w.data[o * inF + i];
      y.data[r * outF + o] = s;
      const g = dy.data[r * outF + o];
      for (let i = 0; i < inF; i++) {
        dx.data[r * inF + i] += g * w.data[o * inF + i];
        dw.data[o * inF + i] += g * x.data[r * inF + i];
      }
      if (db) db.data[o] += g;
    }
  }
  return { y, dx, dw, db };
}

/** How a loss reduces its per-sample values, as in PyTorch's `reduction`. */
export type ReductionName = 'mean' | 'sum' | 'none';

/** Reduce per-sample losses; `seed` is the upstream gradient of the reduced loss (a scalar, or [N] for 'none'). */
function reduceLoss(
  per: NDArray,
  reduction: ReductionName,
  upstream: NDArray | null,
): { loss: NDArray; dPer: Float64Array } {
  const n = per.data.length;
  const dPer = new Float64Array(n);
  if (reduction === 'none') {
    for (let i = 0; i < n; i++) dPer[i] = upstream ? upstream.data[i] : 1;
    return { loss: per, dPer };
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += per.data[i];
  const scale = reduction === 'mean' ? 1 / n : 1;
  dPer.fill(scale);
  return { loss: nd([], [s * scale]), dPer };
}

/**
 * Cross-entropy from logits [N, C] and labels [N], computed stably per row:
 * loss_i = m_i + log Σ_j exp(x_ij − m_i) − x_i,label (m_i = row max);
 * dC/dx_ij = (softmax_ij − [j = label_i]) · dC/dloss_i.
 */
export function crossEntropyModule(
  logits: NDArray,
  labels: ArrayLike<number>,
  reduction: ReductionName,
  upstream: NDArray | null = null,
): { loss: NDArray; dlogits: NDArray } {
  const [n, c] = logits.shape;
  const per = nd([n]);
  const probs = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, logits.data[i * c + j]);
    let z = 0;
    for (let j = 0; j < c; j++) z += Math.exp(logits.data[i * c + j] - m);
    const lse = m + Math.log(z);
    per.data[i] = lse - logits.data[i * c + labels[i]];
    for (let j = 0; j < c; j++) probs[i * c + j] = Math.exp(logits.data[i * c + j] - lse);
  }
  const { loss, dPer } = reduceLoss(per, reduction, upstream);
  const dlogits = nd([n, c]);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < c; j++)
      dlogits.data[i * c + j] = (probs[i * c + j] - (labels[i] === j ? 1 : 0)) * dPer[i];
  return { loss, dlogits };
}

/** Mean squared error: (x − t)² then reduced; dC/dx = 2 (x − t) · dC/d(elementwise loss). */
export function mseModule(
  x: NDArray,
  t: NDArray,
  reduction: ReductionName,
  upstream: NDArray | null = null,
): { loss: NDArray; dx: NDArray } {
  const per = nd(x.shape);
  for (let i = 0; i < per.data.length; i++) per.data[i] = (x.data[i] - t.data[i]) ** 2;
  const { loss, dPer } = reduceLoss(per, reduction, upstream);
  const dx = nd(x.shape);
  for (let i = 0; i < dx.data.length; i++) dx.data[i] = 2 * (x.data[i] - t.data[i]) * dPer[i];
  return { loss, dx };
}

/**
 * The documented seed derivation of `nn.Dropout({ seed })`: call k (from 1)
 * uses the k-th output of a splitmix32 sequence started at `seed`
 * (state += 0x9e3779b9, output fmix32(state)).
 */
export function dropoutCallSeed(seed: number, call: number, fmix32: (h: number) => number): number {
  return fmix32((seed + Math.imul(call, 0x9e3779b9)) >>> 0);
}

/**
 * Per-channel statistics of the seed's normalisation along `axis` (null: one
 * over everything): m, population σ, divisor max(σ, ε); and x' = (x − m) / divisor.
 */
export function normalizeStats(
  data: NDArray,
  axis: number | null,
  eps: number,
): {
  mean: Float64Array;
  std: Float64Array;
  divisor: Float64Array;
  /** The channel of flat index i. */
  channelOf: (i: number) => number;
} {
  const shape = data.shape;
  const c = axis === null ? 1 : shape[axis];
  let inner = 1;
  if (axis !== null) for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  const channelOf = (i: number) => (axis === null ? 0 : Math.floor(i / inner) % c);
  const sums = new Float64Array(c);
  const counts = new Float64Array(c);
  for (let i = 0; i < data.data.length; i++) {
    sums[channelOf(i)] += data.data[i];
    counts[channelOf(i)]++;
  }
  const mean = sums.map((s, k) => s / counts[k]);
  const sq = new Float64Array(c);
  for (let i = 0; i < data.data.length; i++) sq[channelOf(i)] += (data.data[i] - mean[channelOf(i)]) ** 2;
  const std = sq.map((s, k) => Math.sqrt(s / counts[k]));
  const divisor = std.map((s) => Math.max(s, eps));
  return { mean, std, divisor, channelOf };
}

/** The seed's normalisation with given statistics: x' = (x − mean) / max(σ, ε) per channel. */
export function normalizeApply(
  x: NDArray,
  stats: { mean: Float64Array; divisor: Float64Array; channelOf: (i: number) => number },
): NDArray {
  const out = nd(x.shape);
  for (let i = 0; i < x.data.length; i++) {
    const k = stats.channelOf(i);
    out.data[i] = (x.data[i] - stats.mean[k]) / stats.divisor[k];
  }
  return out;
}

/** Forward of Linear → ReLU → Linear and the mean cross-entropy of the result (the training-loop case). */
export function mlpLoss(
  x: NDArray,
  labels: ArrayLike<number>,
  w1: NDArray,
  b1: NDArray,
  w2: NDArray,
  b2: NDArray,
): number {
  const zero = (s: readonly number[]) => nd(s);
  const h = linearModule(x, w1, b1, zero([x.shape[0], w1.shape[0]])).y;
  for (let i = 0; i < h.data.length; i++) h.data[i] = Math.max(h.data[i], 0);
  const logits = linearModule(h, w2, b2, zero([x.shape[0], w2.shape[0]])).y;
  return crossEntropyModule(logits, labels, 'mean').loss.data[0];
}
