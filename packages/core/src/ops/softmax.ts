import { noGrad } from '../autograd/grad-mode.js';
import { usesKernel } from '../backend/capabilities.js';
import { tidy } from '../memory.js';
import { normAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { div, mul, sub } from './binary.js';
import { asTensor, backendOf, checkDTypes, exec, record } from './dispatch.js';
import { sum } from './reduce.js';
import { reshape } from './reshape.js';
import { exp, isFinite, log as logOf } from './unary.js';
import { where } from './where.js';

/**
 * Composition of the fused `softmax` kernel, as accurate as a fused kernel in
 * float32: with m the row max, log-softmax is (x − m) − log Σ exp(x − m) and
 * softmax is exp(x − m) / Σ exp(x − m). Never x − logsumexp(x): at |x| ≈ 1000
 * that rounds logsumexp to float32 near 1000 and loses ~1e-4 absolutely.
 */
export function softmaxComposed(x: Tensor, axis: number, log: boolean): Tensor {
  const backend = backendOf('softmax', [x]);
  const m0 = exec(backend, 'reduce', {
    op: 'max',
    x: x._info('softmax'),
    axes: [axis],
    out: { shape: x.shape.filter((_, i) => i !== axis), dtype: x.dtype },
  });
  const kept = x.shape.map((d, i) => (i === axis ? 1 : d));
  // A row of -Infinity (or +Infinity) has no finite max: shift by 0 (the row then gives NaN, as fused kernels do).
  const m = where(isFinite(m0), m0, 0);
  const shifted = sub(x, reshape(m, kept));
  const e = exp(shifted);
  const total = sum(e, axis, true);
  return log ? sub(shifted, logOf(total)) : div(e, total);
}

/** Composition of the fused `softmaxBackward` kernel. */
export function softmaxBackwardComposed(y: Tensor, dy: Tensor, axis: number, log: boolean): Tensor {
  if (log) return sub(dy, mul(exp(y), sum(dy, axis, true)));
  return mul(y, sub(dy, sum(mul(dy, y), axis, true)));
}

function softmaxOp(name: 'softmax' | 'logSoftmax', x0: Tensor, axis: number): Tensor {
  const x = asTensor(name, x0);
  checkDTypes(name, x, ['float32', 'float64']);
  const log = name === 'logSoftmax';
  normAxis(name, axis, Math.max(x.rank, 1));
  if (x.rank === 0) {
    const flat = reshape(x, [1]);
    const y = softmaxOp(name, flat, 0);
    const out = reshape(y, []);
    if (!out.requiresGrad) for (const t of [flat, y]) t.dispose();
    return out;
  }
  const a = normAxis(name, axis, x.rank);
  const backend = backendOf(name, [x]);
  const out = usesKernel(backend, 'softmax', x.dtype)
    ? exec(backend, 'softmax', { x: x._info(name), axis: a, log, out: { shape: x.shape, dtype: x.dtype } })
    : noGrad(() => tidy(() => softmaxComposed(x, a, log)));
  return record(out, name, [x], (dy) => [
    usesKernel(backend, 'softmaxBackward', x.dtype)
      ? exec(backend, 'softmaxBackward', {
          y: out._info(name),
          dy: dy._info(name),
          axis: a,
          log,
          out: { shape: x.shape, dtype: x.dtype },
        })
      : softmaxBackwardComposed(out, dy, a, log),
  ]);
}

/** exp(x_i) / Σ_j exp(x_j) along `axis`, stable for inputs like ±1000. */
export const softmax = (x: Tensor, axis = -1): Tensor => softmaxOp('softmax', x, axis);
/** The seed's LogSoftmax: x_i − log Σ_j exp(x_j), computed stably. */
export const logSoftmax = (x: Tensor, axis = -1): Tensor => softmaxOp('logSoftmax', x, axis);
