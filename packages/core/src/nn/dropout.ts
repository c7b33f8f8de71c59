import { ArgumentError } from '../errors.js';
import { dropout } from '../ops/dropout.js';
import { checkOptions } from '../options.js';
import { SeedSequence } from '../random.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/** Options of `Dropout`. */
export interface DropoutOptions {
  /**
   * Makes the masks reproducible: call k of `forward` uses the k-th seed of a
   * sequence started from this one. Without it each call draws from the
   * global sequence (`manualSeed`).
   */
  seed?: number;
}

/**
 * Inverted dropout (Hinton et al. 2012, as in the seed): in training mode each
 * element is zeroed with probability `p` and the survivors are scaled by
 * 1 / (1 − p), so the expected output equals the input and evaluation needs
 * no rescaling. In evaluation mode (`eval()`) it returns its input unchanged.
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly seeds: SeedSequence | null;

  constructor(p = 0.5, options: DropoutOptions = {}) {
    checkOptions('Dropout', options, ['seed']);
    const { seed } = options;
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new ArgumentError('Dropout', `p ${String(p)}; expected a probability in [0, 1]`);
    }
    if (seed !== undefined && !Number.isInteger(seed)) {
      throw new ArgumentError('Dropout', `seed ${seed}; expected an integer`);
    }
    this.p = p;
    this.seeds = seed === undefined ? null : new SeedSequence(seed);
  }

  override forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    // p = 1 is handled by core's dropout (an all-zero mask), so the zero gradient still flows.
    return dropout(x, this.p, { seed: this.seeds?.next() });
  }

  protected override extraRepr(): string {
    return `p=${this.p}`;
  }
}
