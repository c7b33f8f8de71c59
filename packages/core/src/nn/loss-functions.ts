/**
 * Losses as functions. The seed: for classification use cross-entropy fed
 * with LOG-softmax, never softmax then log; `crossEntropy` takes raw logits
 * and runs core's fused, stable softmax-cross-entropy (finite for ±1000 logits).
 */
import { isFloat } from '../dtype.js';
import { ArgumentError, DTypeError, fmtShape, ShapeError } from '../errors.js';
import { add, div, minimum, mul, sub } from '../ops/binary.js';
import { checkIndices } from '../ops/check-indices.js';
import { arange } from '../ops/creation.js';
import { softmaxCrossEntropy } from '../ops/cross-entropy.js';
import { gather } from '../ops/gather.js';
import { mean } from '../ops/reduce.js';
import { reshape } from '../ops/reshape.js';
import { logSoftmax } from '../ops/softmax.js';
import { abs, neg, square } from '../ops/unary.js';
import { checkOptions } from '../options.js';
import { shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { applyReduction, checkReduction, type Reduction } from './reduction.js';

/** Options every loss takes: how per-sample losses are reduced. */
export interface LossOptions {
  /** 'mean' (default) over samples, 'sum', or 'none' for the per-sample losses. */
  reduction?: Reduction;
}

/** Options of `CrossEntropyLoss`. */
export interface CrossEntropyOptions extends LossOptions {
  /**
   * ε in [0, 1] (default 0), PyTorch's `label_smoothing`: the target is (1 − ε)·onehot + ε/C, so
   * loss_i = (1 − ε)·(−log p_i[label_i]) + ε·mean over the C classes of (−log p_i[c]).
   */
  labelSmoothing?: number;
}

/** Options of `SmoothL1Loss`. */
export interface SmoothL1Options extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1, ≥ 0; 0 gives the L1 loss, as PyTorch). */
  beta?: number;
}

/** Options of `HuberLoss`. */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1, > 0). */
  delta?: number;
}

const REDUCTION_KEYS = ['reduction'] as const;
export const CROSS_ENTROPY_KEYS = ['reduction', 'labelSmoothing'] as const;
export const SMOOTH_L1_KEYS = ['reduction', 'beta'] as const;
export const HUBER_KEYS = ['reduction', 'delta'] as const;

export const checkLabelSmoothing = (op: string, v: unknown): number =>
  checkNumberOption(op, 'labelSmoothing', v, 0, { max: 1 });
export const checkBeta = (op: string, v: unknown): number => checkNumberOption(op, 'beta', v, 0);
export const checkDelta = (op: string, v: unknown): number =>
  checkNumberOption(op, 'delta', v, 0, { open: true });

/** A finite number in [min, max] (or > min when `open`), else ArgumentError naming the option. */
function checkNumberOption(
  op: string,
  name: string,
  v: unknown,
  min: number,
  { max = Number.POSITIVE_INFINITY, open = false } = {},
): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (open ? v <= min : v < min) || v > max) {
    const range = Number.isFinite(max) ? `in [${min}, ${max}]` : open ? `> ${min}` : `>= ${min}`;
    throw new ArgumentError(op, `${name} = ${String(v)}; expected a finite number ${range}`);
  }
  return v;
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
 * With `labelSmoothing` ε (PyTorch's definition):
 * loss_i = (1 − ε)·(−log p_i[label_i]) + ε·(1/C)·Σ_c (−log p_i[c]).
 */
export function crossEntropy(logits: Tensor, labels: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  checkOptions(op, options, CROSS_ENTROPY_KEYS);
  const { reduction = 'mean', labelSmoothing = 0 } = options;
  checkReduction(op, reduction);
  const eps = checkLabelSmoothing(op, labelSmoothing);
  checkClassification(op, logits, labels, 'logits');
  const ce = softmaxCrossEntropy(logits, labels);
  if (eps === 0) return applyReduction(ce, reduction);
  const uniform = neg(mean(logSoftmax(logits, 1), 1));
  return applyReduction(add(mul(ce, 1 - eps), mul(uniform, eps)), reduction);
}

/**
 * Negative log-likelihood from log-probabilities [N, C] (e.g. `LogSoftmax`
 * output) and int32 labels [N]: loss_i = −logProbs[i, label_i].
 */
export function nllLoss(logProbs: Tensor, labels: Tensor, options: LossOptions = {}): Tensor {
  const op = 'nllLoss';
  checkOptions(op, options, REDUCTION_KEYS);
  const { reduction = 'mean' } = options;
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

/** Input and target of an elementwise regression loss: tensors of one float dtype and equal shapes. */
function checkRegression(op: string, input: Tensor, target: Tensor): void {
  for (const [what, t] of [
    ['input', input],
    ['target', target],
  ] as const) {
    if (!(t instanceof Tensor)) throw new ArgumentError(op, `${what} is ${typeof t}; expected a Tensor`);
    if (!isFloat(t.dtype))
      throw new DTypeError(op, `${what} has dtype ${t.dtype}; expected float32 or float64`);
  }
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(
      op,
      `input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)} differ; expected equal shapes (no implicit broadcasting)`,
    );
  }
}

/** Mean squared error: (input − target)² elementwise, then reduced. Shapes must match exactly. */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const op = 'mseLoss';
  checkOptions(op, options, REDUCTION_KEYS);
  const { reduction = 'mean' } = options;
  checkReduction(op, reduction);
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(
      op,
      `input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)} differ; expected equal shapes (no implicit broadcasting)`,
    );
  }
  return applyReduction(square(sub(input, target)), reduction);
}

/** Mean absolute error (PyTorch's L1Loss): |input − target| elementwise, then reduced; gradient sign(d), 0 at d = 0. */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const op = 'l1Loss';
  checkOptions(op, options, REDUCTION_KEYS);
  const { reduction = 'mean' } = options;
  checkReduction(op, reduction);
  checkRegression(op, input, target);
  return applyReduction(abs(sub(input, target)), reduction);
}

/**
 * Quadratic below `edge`, linear above, from c = min(|d|, edge): ½c²/edge + (|d| − c), which is
 * ½d²/edge inside and |d| − ½edge outside. Unlike a `where` of the two branches, nothing overflows
 * (c²/edge ≤ edge) and no unused branch can put 0·∞ into the gradient.
 */
function absAndClipped(input: Tensor, target: Tensor, edge: number): { c: Tensor; ad: Tensor } {
  const ad = abs(sub(input, target));
  return { c: minimum(ad, edge), ad };
}
/**
 * PyTorch's SmoothL1Loss: with d = input − target, ½d²/β where |d| < β, else |d| − ½β;
 * β = 0 is the L1 loss (as PyTorch). Gradient d/β inside, sign(d) outside (at |d| = β both are ±1).
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1Options = {}): Tensor {
  const op = 'smoothL1Loss';
  checkOptions(op, options, SMOOTH_L1_KEYS);
  const { reduction = 'mean', beta = 1 } = options;
  checkReduction(op, reduction);
  checkBeta(op, beta);
  checkRegression(op, input, target);
  if (beta === 0) return applyReduction(abs(sub(input, target)), reduction);
  const { c, ad } = absAndClipped(input, target, beta);
  const values = add(div(square(c), 2 * beta), sub(ad, c));
  return applyReduction(values, reduction);
}

/**
 * PyTorch's HuberLoss: with d = input − target, ½d² where |d| < δ, else δ·(|d| − ½δ)
 * (δ times the smooth L1 loss with β = δ). Gradient d inside, δ·sign(d) outside.
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  const op = 'huberLoss';
  checkOptions(op, options, HUBER_KEYS);
  const { reduction = 'mean', delta = 1 } = options;
  checkReduction(op, reduction);
  checkDelta(op, delta);
  checkRegression(op, input, target);
  const { c, ad } = absAndClipped(input, target, delta);
  return applyReduction(add(mul(square(c), 0.5), mul(sub(ad, c), delta)), reduction);
}
