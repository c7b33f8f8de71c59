import { noGrad } from '../autograd/grad-mode.js';
import { usesKernel } from '../backend/capabilities.js';
import { fmtShape, ShapeError } from '../errors.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { mul, sub } from './binary.js';
import { cast } from './cast.js';
import { checkIndices } from './check-indices.js';
import { asTensor, backendOf, checkDTypes, exec, record } from './dispatch.js';
import { oneHotUnchecked } from './gather.js';
import { unsqueeze } from './layout.js';
import { sum } from './reduce.js';
import { logSoftmax, softmax } from './softmax.js';
import { neg } from './unary.js';

function labelsOneHot(labels: Tensor, classes: number, like: Tensor): Tensor {
  const oh = oneHotUnchecked(labels, classes);
  if (oh.dtype === like.dtype) return oh;
  const c = cast(oh, like.dtype);
  oh.dispose();
  return c;
}

/** Composition of the fused `crossEntropy` kernel: −Σ onehot · logSoftmax(logits). */
export function crossEntropyComposed(logits: Tensor, labels: Tensor): Tensor {
  const oh = labelsOneHot(labels, logits.shape[1], logits);
  return neg(sum(mul(logSoftmax(logits, 1), oh), 1));
}

/** Composition of the fused `crossEntropyBackward` kernel: (softmax − onehot) · dloss. */
export function crossEntropyBackwardComposed(logits: Tensor, labels: Tensor, dloss: Tensor): Tensor {
  const oh = labelsOneHot(labels, logits.shape[1], logits);
  return mul(sub(softmax(logits, 1), oh), unsqueeze(dloss, 1));
}

/**
 * Per-sample cross-entropy from logits: −log softmax(logits)[label], computed
 * from log-softmax (as the seed insists), stable for logits of ±1000.
 * logits [N, C] float, labels [N] int32 in [0, C). Returns [N].
 */
export function softmaxCrossEntropy(logits0: Tensor, labels0: Tensor): Tensor {
  const op = 'softmaxCrossEntropy';
  const logits = asTensor(op, logits0);
  const labels = asTensor(op, labels0);
  const backend = backendOf(op, [logits, labels]);
  checkDTypes(op, logits, ['float32', 'float64'], 'logits');
  checkDTypes(op, labels, ['int32'], 'labels');
  if (logits.rank !== 2 || labels.rank !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new ShapeError(
      op,
      `got logits ${fmtShape(logits.shape)} and labels ${fmtShape(labels.shape)}; expected logits [N, C] and labels [N]`,
    );
  }
  if (logits.shape[1] === 0)
    throw new ShapeError(op, `logits ${fmtShape(logits.shape)} have no classes; expected C >= 1`);
  checkIndices(op, labels, logits.shape[1], 'label');
  const out = usesKernel(backend, 'crossEntropy', logits.dtype)
    ? exec(backend, 'crossEntropy', {
        logits: logits._info(op),
        labels: labels._info(op),
        out: { shape: [logits.shape[0]], dtype: logits.dtype },
      })
    : noGrad(() => tidy(() => crossEntropyComposed(logits, labels)));
  return record(
    out,
    op,
    [logits],
    (dy) => [
      usesKernel(backend, 'crossEntropyBackward', logits.dtype)
        ? exec(backend, 'crossEntropyBackward', {
            logits: logits._info(op),
            labels: labels._info(op),
            dloss: dy._info(op),
            out: { shape: logits.shape, dtype: logits.dtype },
          })
        : crossEntropyBackwardComposed(logits, labels, dy),
    ],
    { saved: [labels] },
  );
}
