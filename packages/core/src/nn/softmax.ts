/**
 * Softmax and LogSoftmax along `dim` (default the last). Both are computed
 * stably (the maximum is subtracted first). For classification feed
 * LogSoftmax to `NLLLoss`, or raw logits to `CrossEntropyLoss` — never
 * Softmax followed by a log (the seed: it saturates and its gradient vanishes).
 */
import { ArgumentError } from '../errors.js';
import { logSoftmax, softmax } from '../ops/softmax.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

function checkDim(op: string, dim: number): number {
  if (!Number.isInteger(dim)) throw new ArgumentError(op, `dim ${dim}; expected an integer axis`);
  return dim;
}

/** y_i = exp(x_i) / Σ_j exp(x_j) along `dim`. */
export class Softmax extends Module {
  readonly dim: number;
  constructor(dim = -1) {
    super();
    this.dim = checkDim('Softmax', dim);
  }
  override forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }
  protected override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** log y_i = x_i − log Σ_j exp(x_j) along `dim`. */
export class LogSoftmax extends Module {
  readonly dim: number;
  constructor(dim = -1) {
    super();
    this.dim = checkDim('LogSoftmax', dim);
  }
  override forward(x: Tensor): Tensor {
    return logSoftmax(x, this.dim);
  }
  protected override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
