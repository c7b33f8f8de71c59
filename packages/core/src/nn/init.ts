/**
 * Weight initialisers. Each returns a NEW tensor of the given shape (use
 * `init.assign(param, values)` to overwrite an existing parameter in place).
 * Random ones take `seed` (without it they draw from the global sequence
 * that `manualSeed` resets), so initialisation is reproducible.
 *
 * The seed: weights must be random, neither too large nor too small, so each
 * layer's output has about the variance of its input. Kaiming initialisation
 * (the default for `Linear`) gives Var(w) = gain² / fanIn with gain √2 for
 * ReLU, i.e. 2 / fanIn.
 */
import type { DType } from '../dtype.js';
import { ArgumentError, fmtShape, ShapeError } from '../errors.js';
import { full, rand, randn } from '../ops/creation.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor.js';
import { assignInPlace } from './assign-in-place.js';

/** Options every initialiser takes: the seed of the draw, dtype and backend. */
export interface InitOptions {
  /** Fixes the draw; without it the global sequence is used. */
  seed?: number;
  dtype?: DType;
  /** Backend name; defaults to the active backend. */
  backend?: string;
}

/** Options of the Kaiming initialisers: gain and which fan divides the variance. */
export interface KaimingOptions extends InitOptions {
  /** Gain g in Var(w) = g² / fan. Defaults to √2 (ReLU). */
  gain?: number;
  /** Which fan the variance is divided by; the seed's Kaiming uses 'fanIn'. */
  mode?: 'fanIn' | 'fanOut';
}

/** Options of the Xavier (Glorot) initialisers. */
export interface XavierOptions extends InitOptions {
  /** Gain g in Var(w) = g² · 2 / (fanIn + fanOut). Defaults to 1. */
  gain?: number;
}

/** Gain for ReLU layers: √2 (half the inputs are zeroed, so double the variance). */
export const RELU_GAIN = Math.SQRT2;

/**
 * Fans of a weight shape, PyTorch's convention: [out, in] → fanIn = in,
 * fanOut = out; [out, in, k1, k2, ...] multiplies both by the receptive field.
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new ShapeError(
      'init.fans',
      `weight shape ${fmtShape(shape)} has rank ${shape.length}; expected rank ≥ 2 ([outFeatures, inFeatures, ...kernel])`,
    );
  }
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  const fanIn = shape[1] * receptive;
  const fanOut = shape[0] * receptive;
  if (fanIn === 0 || fanOut === 0) {
    throw new ShapeError(
      'init.fans',
      `weight shape ${fmtShape(shape)} has a zero fan; expected non-empty dimensions`,
    );
  }
  return { fanIn, fanOut };
}

function checkGain(op: string, gain: number): void {
  if (!Number.isFinite(gain) || gain < 0)
    throw new ArgumentError(op, `gain ${gain}; expected a finite number ≥ 0`);
}

function kaimingStd(op: string, shape: readonly number[], opts: KaimingOptions): number {
  checkOptions(op, opts, ['gain', 'mode', 'seed', 'dtype', 'backend']);
  const gain = opts.gain ?? RELU_GAIN;
  checkGain(op, gain);
  const mode = opts.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut')
    throw new ArgumentError(op, `mode '${String(mode)}'; expected 'fanIn' or 'fanOut'`);
  const f = fans(shape);
  return gain / Math.sqrt(mode === 'fanIn' ? f.fanIn : f.fanOut);
}

function xavierStd(op: string, shape: readonly number[], opts: XavierOptions): number {
  checkOptions(op, opts, ['gain', 'seed', 'dtype', 'backend']);
  const gain = opts.gain ?? 1;
  checkGain(op, gain);
  const f = fans(shape);
  return gain * Math.sqrt(2 / (f.fanIn + f.fanOut));
}

function creation(opts: InitOptions): { seed?: number; dtype?: DType; backend?: string } {
  return { seed: opts.seed, dtype: opts.dtype, backend: opts.backend };
}

/** Normal(0, std²) with std = gain / √fan (default gain √2, fan = fanIn): Var = 2 / fanIn. */
export function kaimingNormal(shape: readonly number[], opts: KaimingOptions = {}): Tensor {
  return randn(shape, { ...creation(opts), mean: 0, std: kaimingStd('init.kaimingNormal', shape, opts) });
}

/** Uniform(−b, b) with b = √3 · gain / √fan, so Var = gain² / fan (2 / fanIn by default). */
export function kaimingUniform(shape: readonly number[], opts: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd('init.kaimingUniform', shape, opts);
  return rand(shape, { ...creation(opts), low: -bound, high: bound });
}

/** Normal(0, std²) with std = gain · √(2 / (fanIn + fanOut)) (Glorot). */
export function xavierNormal(shape: readonly number[], opts: XavierOptions = {}): Tensor {
  return randn(shape, { ...creation(opts), mean: 0, std: xavierStd('init.xavierNormal', shape, opts) });
}

/** Uniform(−b, b) with b = gain · √(6 / (fanIn + fanOut)) (Glorot). */
export function xavierUniform(shape: readonly number[], opts: XavierOptions = {}): Tensor {
  const bound = Math.sqrt(3) * xavierStd('init.xavierUniform', shape, opts);
  return rand(shape, { ...creation(opts), low: -bound, high: bound });
}

/** All zeros (the default for biases). */
export function zeros(shape: readonly number[], opts: Omit<InitOptions, 'seed'> = {}): Tensor {
  return constant(shape, 0, opts);
}

/** Every element `value`. */
export function constant(
  shape: readonly number[],
  value: number,
  opts: Omit<InitOptions, 'seed'> = {},
): Tensor {
  checkOptions('init.constant', opts, ['dtype', 'backend']);
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ArgumentError('init.constant', `value ${String(value)}; expected a number`);
  }
  return full(shape, value, { dtype: opts.dtype, backend: opts.backend });
}

/**
 * Overwrite `param`'s values in place with `values` (same shape; moved and cast
 * to the parameter's backend and dtype). `values` is left to the caller.
 * Example: `init.assign(layer.weight, init.xavierUniform(layer.weight.shape, { seed: 1 }))`.
 */
export function assign(param: Tensor, values: Tensor): void {
  assignInPlace(param, values);
}
