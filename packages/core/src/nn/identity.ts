import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** Returns its input unchanged (the same tensor): a placeholder, or the skip branch of a residual block. */
export class Identity extends Module {
  override forward(x: Tensor): Tensor {
    return x;
  }
}
