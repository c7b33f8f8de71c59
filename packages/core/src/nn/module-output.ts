import { Tensor } from '../tensor.js';
import type { ModuleOutput } from './module.js';

/** A module's output as a list of tensors (one tensor → a list of one). */
export function outputList(out: ModuleOutput): readonly Tensor[] {
  return out instanceof Tensor ? [out] : out;
}
