/**
 * Losses as functions. The seed: for classification use cross-entropy fed
 * with LOG-softmax, never softmax then log; `crossEntropy` takes raw logits
 * and runs core's fused, stable softmax-cross-entropy (finite for ±1000 logits).
 */
import { isFloat } from '../dtype.js';
import { DTypeError, fmtShape, ShapeError } from '../errors.js';
import { add, mul, sub } from '../ops/binary.js';
import { checkIndices } from '../ops/check-indices.js';
import { arange } from '../ops/creation.js';
import { softmaxCrossEntropy } from '../ops/cross-entropy.js';
import { gather } from '../ops/gather.js';
import { reshape } from '../ops/reshape.js';
import { neg, square } from '../ops/unary.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { applyReduction, checkReduction, type Reduction } from './reduction.js';

export interface LossOptions {
  /** 'mean' (default) over samples, 'sum', or 'none' for the per-sample losses. */
  reduction?: Reduction;
}

function checkClassification(op: string, scores: Tensor, labels: Tensor, what: string): void {
  if (!isFloat(scores.dtype)) {
    throw new DTypeError(op, `${what} have dtype ${scores.dtype}; expected float32 or float64`);
  }
  if (scores.rank !== 2) {
    throw new ShapeError(
      op,
      `${what} have shape ${fmtShape(scores.shape)}; expected [N, C] (N samples, C classes)`,
    );
  }
  if (labels.dtype !== 'int32') {
    throw new DTypeError(
      op,
      `labels have dtype ${labels.dtype}; expected int32 class indices (use cast(labels, 'int32'))`,
    );
  }
  if (labels.rank !== 1 || labels.shape[0] !== scores.shape[0]) {
    throw new ShapeError(
      op,
      `labels have shape ${fmtShape(labels.shape)} for ${what} ${fmtShape(scores.shape)}; expected [${scores.shape[0]}]`,
    );
  }
}

/**
 * Cross-entropy from logits [N, C] and int32 labels [N]:
 * loss_i = −log softmax(logits_i)[label_i] = logsumexp(logits_i) − logits_i[label_i].
 */
export function crossEntropy(
  logits: Tensor,
  labels: Tensor,
  { reduction = 'mean' }: LossOptions = {},
): Tensor {
  const op = 'crossEntropy';
  checkReduction(op, reduction);
  checkClassification(op, logits, labels, 'logits');
  return applyReduction(softmaxCrossEntropy(logits, labels), reduction);
}

/**
 * Negative log-likelihood from log-probabilities [N, C] (e.g. `LogSoftmax`
 * output) and int32 labels [N]: loss_i = −logProbs[i, label_i].
 */
export function nllLoss(logProbs: Tensor, labels: Tensor, { reduction = 'mean' }: LossOptions = {}): Tensor {
  const op = 'nllLoss';
  checkReduction(op, reduction);
  checkClassification(op, logProbs, labels, 'log-probabilities');
  const [n, c] = logProbs.shape;
  // Checked against C here: the flat index below could otherwise land in another row.
  checkIndices(op, labels, c, 'label');
  // Pick logProbs[i, label_i] from the flattened matrix at i·C + label_i (gather's adjoint scatters the gradient back).
  const flatIndex = add(mul(arange(0, n, 1, { dtype: 'int32', backend: logProbs.backendName }), c), labels);
  const picked = gather(reshape(logProbs, [n * c]), flatIndex, 0);
  return applyReduction(neg(picked), reduction);
}

/** Mean squared error: (input − target)² elementwise, then reduced. Shapes must match exactly. */
export function mseLoss(input: Tensor, target: Tensor, { reduction = 'mean' }: LossOptions = {}): Tensor {
  const op = 'mseLoss';
  checkReduction(op, reduction);
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(
      op,
      `input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)} differ; expected equal shapes (no implicit broadcasting)`,
    );
  }
  return applyReduction(square(sub(input, target)), reduction);
}
