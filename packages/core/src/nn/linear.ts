import { checkDType, type DType } from '../dtype.js';
import { ArgumentError, fmtShape, ShapeError } from '../errors.js';
import { linear } from '../ops/linear.js';
import { reshape } from '../ops/reshape.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor.js';
import { kaimingUniform, zeros } from './init.js';
import { Module } from './module.js';

/** Options of `Linear`: bias, initialisation seed, dtype and backend. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Seed of the weight initialisation; without it the global sequence is used. */
  seed?: number;
  dtype?: DType;
  /** Backend name; defaults to the active backend. */
  backend?: string;
}

/**
 * The seed's linear module, in PyTorch's row convention: y = x·Wᵀ + b with
 * weight W of shape [outFeatures, inFeatures] and x of shape [..., inFeatures].
 * Backward (core's `linear` op): dC/dx = dC/dy·W, dC/dW = (dC/dy)ᵀ·x,
 * dC/db = Σ_rows dC/dy — the seed's dC/dX = Wᵀ·dC/dY and dC/dW = dC/dY·Xᵀ
 * written for column vectors. Runs the backend's fused kernel when it has one.
 *
 * Default initialisation is the seed's Kaiming: W ~ U(−√(6/in), √(6/in)),
 * i.e. Var(w) = 2 / inFeatures (fan-in, ReLU gain √2); the bias starts at zero.
 * (PyTorch's default is smaller: Var = 1 / (3·in).)
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    for (const [what, n] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures],
    ] as const) {
      if (!Number.isInteger(n) || n <= 0)
        throw new ArgumentError('Linear', `${what} ${n}; expected a positive integer`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    checkOptions('Linear', options, ['bias', 'seed', 'dtype', 'backend']);
    const { bias = true, seed, dtype = 'float32', backend } = options;
    checkDType('Linear', dtype);
    this.registerParameter('weight', kaimingUniform([outFeatures, inFeatures], { seed, dtype, backend }));
    if (bias) this.registerParameter('bias', zeros([outFeatures], { dtype, backend }));
  }

  /** [outFeatures, inFeatures]. */
  get weight(): Tensor {
    return this.getParameter('weight');
  }

  /** [outFeatures], or null when built with `bias: false`. */
  get bias(): Tensor | null {
    return this.getOptionalParameter('bias');
  }

  override forward(x: Tensor): Tensor {
    if (x.rank === 0 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(
        'Linear',
        `input has shape ${fmtShape(x.shape)}; expected [..., ${this.inFeatures}] (inFeatures = ${this.inFeatures})`,
      );
    }
    if (x.rank === 2) return linear(x, this.weight, this.bias);
    // Fold leading dimensions into rows, run the 2-D op, unfold.
    const rows = reshape(x, [-1, this.inFeatures]);
    const y = linear(rows, this.weight, this.bias);
    // The intermediates belong to the autograd graph: they are freed by tidy(), not here.
    return reshape(y, [...x.shape.slice(0, -1), this.outFeatures]);
  }

  protected override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
