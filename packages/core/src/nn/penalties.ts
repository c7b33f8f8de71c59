/**
 * Regularisation penalties as loss terms (the seed's weight decay, written
 * into the loss): L(S, w) = C(S, w) + α·‖w‖². Add them to the data loss:
 * `loss = add(ce, mul(l2Penalty(model.parameters()), alpha))`.
 * The same effect without building the term: `SGD({ weightDecay: 2α })`
 * (gradient of α‖w‖² is 2αw) or `SGD({ l1: β })` for β·Σ|w|.
 */
import { add } from '../ops/binary.js';
import { scalar } from '../ops/creation.js';
import { sum } from '../ops/reduce.js';
import { abs, square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';

function total(params: Iterable<Tensor>, term: (p: Tensor) => Tensor): Tensor {
  let acc: Tensor | null = null;
  for (const p of params) {
    const t = sum(term(p));
    acc = acc === null ? t : add(acc, t);
  }
  return acc ?? scalar(0);
}

/** Σ over tensors of ‖w‖² = Σ w² (a scalar; 0 for no tensors). Gradient 2w. */
export function l2Penalty(params: Iterable<Tensor>): Tensor {
  return total(params, square);
}

/** Σ over tensors of Σ |w| (a scalar). Gradient sign(w), 0 at w = 0; drives useless weights to zero. */
export function l1Penalty(params: Iterable<Tensor>): Tensor {
  return total(params, abs);
}
