import { Tensor } from '../tensor.js';
import { asTensor, backendOf, type TensorLike } from './dispatch.js';

/**
 * Convert both operands of a binary or compare op to tensors on one backend
 * (numbers adopt the other operand's dtype). Returns the tensors and the
 * temporaries made for numbers, which the caller disposes.
 */
export function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor, Tensor[]] {
  const temps: Tensor[] = [];
  let ta: Tensor;
  let tb: Tensor;
  if (a instanceof Tensor) {
    ta = asTensor(op, a);
    tb = asTensor(op, b, ta);
    if (tb !== b) temps.push(tb);
  } else if (b instanceof Tensor) {
    tb = asTensor(op, b);
    ta = asTensor(op, a, tb);
    temps.push(ta);
  } else {
    ta = asTensor(op, a);
    tb = asTensor(op, b, ta);
    temps.push(ta, tb);
  }
  backendOf(op, [ta, tb]);
  return [ta, tb, temps];
}
