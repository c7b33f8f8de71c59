/** Loss modules: the functional losses with their reduction (and other options) fixed at construction. */

import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor.js';
import {
  CROSS_ENTROPY_KEYS,
  type CrossEntropyOptions,
  checkBeta,
  checkDelta,
  checkLabelSmoothing,
  crossEntropy,
  HUBER_KEYS,
  type HuberOptions,
  huberLoss,
  type LossOptions,
  l1Loss,
  mseLoss,
  nllLoss,
  SMOOTH_L1_KEYS,
  type SmoothL1Options,
  smoothL1Loss,
} from './loss-functions.js';
import { Module } from './module.js';
import { checkReduction, type Reduction } from './reduction.js';

/** Base of loss modules: `forward(input, target)` returns the reduced loss. */
export abstract class Loss extends Module {
  readonly reduction: Reduction;
  /** `validKeys`: every option key the subclass accepts; any other key is an error. */
  constructor(options: LossOptions = {}, validKeys: readonly string[] = ['reduction']) {
    super();
    checkOptions(new.target.name, options, validKeys);
    this.reduction = checkReduction(new.target.name, options.reduction ?? 'mean');
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
  protected override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/**
 * Cross-entropy from logits [N, C] and int32 labels [N] (fused, stable softmax + NLL), with
 * optional `labelSmoothing` ε as PyTorch's: (1 − ε)·CE + ε·mean over classes of −log p.
 */
export class CrossEntropyLoss extends Loss {
  readonly labelSmoothing: number;
  constructor(options: CrossEntropyOptions = {}) {
    super(options, CROSS_ENTROPY_KEYS);
    this.labelSmoothing = checkLabelSmoothing('CrossEntropyLoss', options.labelSmoothing ?? 0);
  }
  override forward(logits: Tensor, labels: Tensor): Tensor {
    return crossEntropy(logits, labels, { reduction: this.reduction, labelSmoothing: this.labelSmoothing });
  }
  protected override extraRepr(): string {
    return this.labelSmoothing === 0
      ? super.extraRepr()
      : `${super.extraRepr()}, labelSmoothing=${this.labelSmoothing}`;
  }
}

/** Negative log-likelihood from log-probabilities [N, C] (`LogSoftmax` output) and int32 labels [N]. */
export class NLLLoss extends Loss {
  override forward(logProbs: Tensor, labels: Tensor): Tensor {
    return nllLoss(logProbs, labels, { reduction: this.reduction });
  }
}

/** Mean squared error between equally shaped tensors. */
export class MSELoss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error |input − target| between equally shaped tensors (PyTorch's L1Loss). */
export class L1Loss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/** PyTorch's SmoothL1Loss: ½d²/β where |d| < β, else |d| − ½β (default β = 1; β = 0 is L1). */
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(options: SmoothL1Options = {}) {
    super(options, SMOOTH_L1_KEYS);
    this.beta = checkBeta('SmoothL1Loss', options.beta ?? 1);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
  protected override extraRepr(): string {
    return `${super.extraRepr()}, beta=${this.beta}`;
  }
}

/** PyTorch's HuberLoss: ½d² where |d| < δ, else δ·(|d| − ½δ) (default δ = 1). */
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(options: HuberOptions = {}) {
    super(options, HUBER_KEYS);
    this.delta = checkDelta('HuberLoss', options.delta ?? 1);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
  protected override extraRepr(): string {
    return `${super.extraRepr()}, delta=${this.delta}`;
  }
}
