/** Loss modules: the functional losses with their reduction fixed at construction. */
import type { Tensor } from '../tensor.js';
import { crossEntropy, type LossOptions, mseLoss, nllLoss } from './loss-functions.js';
import { Module } from './module.js';
import { lossReduction, type Reduction } from './reduction.js';

/** Base of loss modules: `forward(input, target)` returns the reduced loss. */
export abstract class Loss extends Module {
  readonly reduction: Reduction;
  constructor(options: LossOptions = {}) {
    super();
    this.reduction = lossReduction(new.target.name, options);
  }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
  protected override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/** Cross-entropy from logits [N, C] and int32 labels [N] (fused, stable softmax + NLL). */
export class CrossEntropyLoss extends Loss {
  override forward(logits: Tensor, labels: Tensor): Tensor {
    return crossEntropy(logits, labels, { reduction: this.reduction });
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
