/** Naive float64 softmax, log-softmax, cross-entropy and their vector-Jacobian products. */
import { type NDArray, nd, ravel, unravel } from './ndarray.js';
import { logsumexp, reduce } from './reduce.js';

function alongAxis(
  x: NDArray,
  axis: number,
  rowValues: NDArray,
  fn: (v: number, row: number) => number,
): NDArray {
  const out = nd(x.shape);
  const keptShape = x.shape.map((d, i) => (i === axis ? 1 : d));
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape);
    idx[axis] = 0;
    out.data[i] = fn(x.data[i], rowValues.data[ravel(idx, keptShape)]);
  }
  return out;
}

/** Stable log-softmax along `axis`: x − logsumexp(x). */
export function logSoftmax(x: NDArray, axis: number): NDArray {
  return alongAxis(x, axis, logsumexp(x, [axis], true), (v, lse) => v - lse);
}

/** Stable softmax along `axis`: exp(x − logsumexp(x)). */
export function softmax(x: NDArray, axis: number): NDArray {
  return alongAxis(x, axis, logsumexp(x, [axis], true), (v, lse) => Math.exp(v - lse));
}

/** softmax VJP: dx = y (dy − Σ dy·y). */
export function softmaxBackward(y: NDArray, dy: NDArray, axis: number): NDArray {
  const prod = { shape: y.shape, data: y.data.map((v, i) => v * dy.data[i]) };
  const s = reduce('sum', prod, [axis], true);
  const out = alongAxis(dy, axis, s, (g, sv) => g - sv);
  return { shape: out.shape, data: out.data.map((v, i) => v * y.data[i]) };
}

/** log-softmax VJP given y = log-softmax output: dx = dy − exp(y) Σ dy. */
export function logSoftmaxBackward(y: NDArray, dy: NDArray, axis: number): NDArray {
  const s = reduce('sum', dy, [axis], true);
  const sums = alongAxis(dy, axis, s, (_g, sv) => sv);
  return { shape: dy.shape, data: dy.data.map((g, i) => g - Math.exp(y.data[i]) * sums.data[i]) };
}

/** Per-row −log_softmax(logits)[label]; logits [N, C], labels [N]. */
export function crossEntropy(logits: NDArray, labels: NDArray): NDArray {
  const [n, c] = logits.shape;
  const ls = logSoftmax(logits, 1);
  const out = nd([n]);
  for (let i = 0; i < n; i++) out.data[i] = -ls.data[i * c + labels.data[i]];
  return out;
}

/** dlogits = (softmax(logits) − onehot(labels)) · dloss[:, None]. */
export function crossEntropyBackward(logits: NDArray, labels: NDArray, dloss: NDArray): NDArray {
  const [n, c] = logits.shape;
  const p = softmax(logits, 1);
  const out = nd(logits.shape);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < c; j++)
      out.data[i * c + j] = (p.data[i * c + j] - (labels.data[i] === j ? 1 : 0)) * dloss.data[i];
  return out;
}
