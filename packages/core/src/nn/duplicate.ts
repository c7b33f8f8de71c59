import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/**
 * The seed's fan-out ("Duplicate") module: Y1 = … = Yn = X. It returns the
 * same tensor n times; autograd adds the gradients that come back along each
 * use (dC/dX = Σ dC/dYi), as it does for any tensor used more than once.
 * Because the outputs are one tensor, disposing one disposes all.
 */
export class Duplicate extends Module {
  readonly n: number;
  constructor(n = 2) {
    super();
    if (!Number.isInteger(n) || n < 1)
      throw new ArgumentError('Duplicate', `n ${n}; expected a positive integer`);
    this.n = n;
  }
  override forward(x: Tensor): Tensor[] {
    return new Array<Tensor>(this.n).fill(x);
  }
  protected override extraRepr(): string {
    return `n=${this.n}`;
  }
}
