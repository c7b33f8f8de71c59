import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { Module, type ModuleOutput } from './module.js';
import { outputList } from './module-output.js';

/**
 * Runs its modules in order, feeding each one's output to the next. When a
 * module returns several tensors (`Duplicate`, `Parallel`) they become the
 * next module's arguments, so DAGs read as a pipeline:
 * `new Sequential(new Duplicate(2), new Parallel(block, new Identity()), new Add())`
 * is a residual block. Children are registered as '0', '1', ... (state-dict
 * keys `0.weight`, `2.bias`).
 */
export class Sequential extends Module {
  private readonly layers: readonly Module[];

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new ArgumentError('Sequential', `argument ${i} is not a Module`);
      this.registerModule(String(i), m);
    });
    this.layers = modules;
  }

  get length(): number {
    return this.layers.length;
  }

  /** The i-th module (negative counts from the end). */
  at(i: number): Module {
    const m = this.layers.at(i);
    if (!m)
      throw new ArgumentError(
        'Sequential.at',
        `index ${i} is out of range for ${this.layers.length} modules`,
      );
    return m;
  }

  /** Run the chain; the last module must return one tensor (use `forwardAll` otherwise). */
  override forward(...inputs: Tensor[]): Tensor {
    const out = this.forwardAll(...inputs);
    const list = outputList(out);
    if (list.length !== 1) {
      throw new ArgumentError(
        'Sequential',
        `the last module returned ${list.length} tensors; expected one (end with Add/Max, or call forwardAll)`,
      );
    }
    return list[0];
  }

  /** Run the chain and return whatever the last module returns. */
  forwardAll(...inputs: Tensor[]): ModuleOutput {
    let current: readonly Tensor[] = inputs;
    let out: ModuleOutput = inputs.length === 1 ? inputs[0] : inputs;
    for (const m of this.layers) {
      out = m.forward(...current);
      current = outputList(out);
    }
    return out;
  }
}
