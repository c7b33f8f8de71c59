import { ArgumentError } from '../errors.js';
import { maximum } from '../ops/binary.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/**
 * The seed's Max module: Y = max(X1, X2, …) elementwise, folded left to right
 * with core's `maximum`. The gradient is routed to the larger input, with the
 * seed's tie rule: for max(a, b), a receives dC/dY only where a > b, otherwise
 * b receives it — so on a tie the gradient goes to the LATER input.
 */
export class Max extends Module {
  override forward(...inputs: Tensor[]): Tensor {
    if (inputs.length === 0) throw new ArgumentError('Max', 'got no inputs; expected at least one tensor');
    return inputs.reduce((m, x) => maximum(m, x));
  }
}
