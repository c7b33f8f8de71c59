import { ArgumentError } from '../errors.js';
import { add } from '../ops/binary.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/**
 * The seed's Add module: Y = X1 + X2 + … (broadcasting like core's `add`).
 * The gradient is copied unchanged to every input: dC/dXi = dC/dY.
 */
export class Add extends Module {
  override forward(...inputs: Tensor[]): Tensor {
    if (inputs.length === 0) throw new ArgumentError('Add', 'got no inputs; expected at least one tensor');
    return inputs.reduce((sum, x) => add(sum, x));
  }
}
