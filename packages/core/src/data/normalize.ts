import { noGrad } from '../autograd/grad-mode.js';
import { isFloat } from '../dtype.js';
import { ArgumentError, DTypeError, fmtShape, ShapeError } from '../errors.js';
import { keep } from '../memory.js';
import { div, maximum, sub } from '../ops/binary.js';
import { mean } from '../ops/reduce.js';
import { reshape } from '../ops/reshape.js';
import { sqrt, square } from '../ops/unary.js';
import { checkOptions } from '../options.js';
import { normAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** Options of `Normalize`: the channel axis and the ε the divisor max(σ, ε) is bounded by. */
export interface NormalizeOptions {
  /**
   * The channel axis of the training data: statistics are computed per index
   * along it, over every other axis (axis 1 of [N, C, H, W] gives per-channel
   * stats; axis 1 of [N, D] per-feature stats). `null` (default) computes a
   * single mean and σ over everything.
   */
  axis?: number | null;
  /** Lower bound of the divisor, so constant channels do not divide by zero (default 1e-8). */
  eps?: number;
}

/**
 * The seed's input normalisation: each channel gets zero mean and unit
 * variance, x' = (x − m) / max(σ, ε), with m and σ (population standard
 * deviation) FITTED ON THE TRAINING DATA ONLY and then applied unchanged to
 * training and test data alike. Statistics live on the device.
 *
 *   const norm = Normalize.fit(trainImages, { axis: 1 });
 *   const xTrain = norm.apply(trainImages), xTest = norm.apply(testImages);
 */
export class Normalize {
  /** Per-channel mean, shaped to broadcast against samples ([C, 1, ..., 1], or [] without an axis). */
  readonly mean: Tensor;
  /** Per-channel σ (before clamping). */
  readonly std: Tensor;
  /** max(σ, ε): what inputs are divided by. */
  readonly divisor: Tensor;
  readonly axis: number | null;
  readonly eps: number;

  private constructor(meanT: Tensor, std: Tensor, divisor: Tensor, axis: number | null, eps: number) {
    this.mean = keep(meanT);
    this.std = keep(std);
    this.divisor = keep(divisor);
    this.axis = axis;
    this.eps = eps;
  }

  /** Fit m and σ on `data` ([N, ...], float), the training set. */
  static fit(data: Tensor, options: NormalizeOptions = {}): Normalize {
    const op = 'Normalize.fit';
    checkOptions(op, options, ['axis', 'eps']);
    const { axis = null, eps = 1e-8 } = options;
    if (!isFloat(data.dtype))
      throw new DTypeError(op, `data has dtype ${data.dtype}; expected float32 or float64 (cast first)`);
    if (data.rank < 1 || data.shape[0] === 0)
      throw new ShapeError(
        op,
        `data has shape ${fmtShape(data.shape)}; expected [N, ...] with N >= 1 samples`,
      );
    if (typeof eps !== 'number' || !(eps > 0))
      throw new ArgumentError(op, `eps ${eps}; expected a positive number`);
    let a: number | null = null;
    if (axis !== null) {
      a = normAxis(op, axis, data.rank);
      if (a === 0)
        throw new ArgumentError(op, 'axis 0 is the sample axis; expected a channel axis >= 1 (or null)');
    }
    const reduceAxes = data.shape.map((_, i) => i).filter((i) => i !== a);
    const statShape = a === null ? [] : [data.shape[a], ...data.shape.slice(a + 1).map(() => 1)];
    return noGrad(() => {
      const m = mean(data, reduceAxes, true);
      const centered = sub(data, m);
      const sq = square(centered);
      const variance = mean(sq, reduceAxes, true);
      const sigma = sqrt(variance);
      const divisor = maximum(sigma, eps);
      const result = new Normalize(
        reshape(m, statShape),
        reshape(sigma, statShape),
        reshape(divisor, statShape),
        a,
        eps,
      );
      for (const t of [m, centered, sq, variance, sigma, divisor]) t.dispose();
      return result;
    });
  }

  /** (x − m) / max(σ, ε) for a batch [B, ...] or a single sample shaped like the data without its first axis. */
  apply(x: Tensor): Tensor {
    const op = 'Normalize.apply';
    if (this.axis !== null) {
      const c = this.mean.shape[0];
      const trailing = this.mean.rank - 1;
      const channelAxis = x.rank - 1 - trailing;
      if (channelAxis < 0 || x.shape[channelAxis] !== c) {
        throw new ShapeError(
          op,
          `input has shape ${fmtShape(x.shape)}; expected ${c} channels at axis ${channelAxis} (stats ${fmtShape(this.mean.shape)})`,
        );
      }
    }
    return noGrad(() => {
      const centered = sub(x, this.mean);
      const out = div(centered, this.divisor);
      centered.dispose();
      return out;
    });
  }

  /** Free the statistics. */
  dispose(): void {
    this.mean.dispose();
    this.std.dispose();
    this.divisor.dispose();
  }
}
