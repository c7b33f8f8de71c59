import { ArgumentError } from '../errors.js';
import { flatten } from '../ops/layout.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/**
 * Merge dimensions `startDim..endDim` into one. The default keeps the batch
 * dimension: [N, C, H, W] → [N, C·H·W] (PyTorch's `nn.Flatten`).
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;
  constructor(startDim = 1, endDim = -1) {
    super();
    if (!Number.isInteger(startDim) || !Number.isInteger(endDim)) {
      throw new ArgumentError('Flatten', `startDim ${startDim}, endDim ${endDim}; expected integer axes`);
    }
    this.startDim = startDim;
    this.endDim = endDim;
  }
  override forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
  protected override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
