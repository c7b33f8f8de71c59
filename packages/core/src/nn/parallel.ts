import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import { outputList } from './module-output.js';

/**
 * Branches of a DAG side by side: with one input every branch receives it
 * (an implicit fan-out); with k inputs for k branches, branch i receives
 * input i. Returns the branches' outputs as a list, to be merged by `Add`,
 * `Max` or any module taking several tensors. Children are registered as '0', '1', ...
 */
export class Parallel extends Module {
  private readonly branches: readonly Module[];

  constructor(...branches: Module[]) {
    super();
    if (branches.length === 0)
      throw new ArgumentError('Parallel', 'got no branches; expected at least one module');
    branches.forEach((m, i) => {
      if (!(m instanceof Module)) throw new ArgumentError('Parallel', `argument ${i} is not a Module`);
      this.registerModule(String(i), m);
    });
    this.branches = branches;
  }

  override forward(...inputs: Tensor[]): Tensor[] {
    const k = this.branches.length;
    if (inputs.length !== 1 && inputs.length !== k) {
      throw new ArgumentError(
        'Parallel',
        `got ${inputs.length} inputs for ${k} branches; expected 1 (shared) or ${k} (one per branch)`,
      );
    }
    return this.branches.flatMap((branch, i) => [
      ...outputList(branch.forward(inputs.length === 1 ? inputs[0] : inputs[i])),
    ]);
  }
}
