import { ArgumentError } from '../errors.js';
import { mean, sum } from '../ops/reduce.js';
import type { Tensor } from '../tensor.js';

/** How a loss combines its per-element values: their mean (default), their sum, or none (returned as is). */
export type Reduction = 'mean' | 'sum' | 'none';

export function checkReduction(op: string, reduction: unknown): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ArgumentError(op, `reduction ${JSON.stringify(reduction)}; expected 'mean', 'sum' or 'none'`);
  }
  return reduction;
}

export function applyReduction(values: Tensor, reduction: Reduction): Tensor {
  switch (reduction) {
    case 'mean':
      return mean(values);
    case 'sum':
      return sum(values);
    case 'none':
      return values;
  }
}
