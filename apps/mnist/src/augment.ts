/**
 * Host-side data augmentation of training digits: each digit of each batch is
 * moved by a random whole-pixel translation (and, optionally, a small rotation
 * and scaling resampled bilinearly), drawn afresh every epoch from a generator
 * fixed by the seed. It runs before the digits are uploaded, so every backend
 * trains on exactly the same batches. Only training digits go through here;
 * test digits are never augmented.
 */
import { randomBits, uniform01 } from '@polygrad/core';

export interface AugmentOptions {
  /** Largest translation in whole pixels along each axis (0: none); dx and dy are uniform in −shift..shift. */
  shift: number;
  /** Largest rotation in degrees (0: none); the angle is uniform in [−rotate, rotate]. */
  rotate: number;
  /** Largest relative change of size (0: none); the factor is uniform in [1 − scale, 1 + scale]. */
  scale: number;
}

/** One digit's transform: pixel (x, y) of the source moves to about (c + s·R(θ)(p − c) + (dx, dy)), c the centre. */
export interface DigitTransform {
  dx: number;
  dy: number;
  /** Radians; y grows downwards, so a positive angle turns the digit clockwise on screen. */
  angle: number;
  scale: number;
}

/**
 * Translate a side×side image by whole pixels: out(x + dx, y + dy) = src(x, y);
 * pixels moved in from outside the image are 0 (background).
 */
export function shiftImage(
  src: ArrayLike<number>,
  side: number,
  dx: number,
  dy: number,
  out: Float32Array = new Float32Array(side * side),
  srcOffset = 0,
  outOffset = 0,
): Float32Array {
  if (!Number.isInteger(dx) || !Number.isInteger(dy))
    throw new Error(`shiftImage: shift (${dx}, ${dy}); expected whole pixels`);
  for (let y = 0; y < side; y++) {
    const sy = y - dy;
    for (let x = 0; x < side; x++) {
      const sx = x - dx;
      out[outOffset + y * side + x] =
        sy >= 0 && sy < side && sx >= 0 && sx < side ? src[srcOffset + sy * side + sx] : 0;
    }
  }
  return out;
}

/**
 * Resample a side×side image under `t` with bilinear interpolation: output
 * pixel p takes the source at c + R(−θ)(p − c − (dx, dy)) / s (c the image
 * centre); the source is 0 outside the image. With θ = 0, s = 1 and whole-pixel
 * (dx, dy) it equals `shiftImage`.
 */
export function transformImage(
  src: ArrayLike<number>,
  side: number,
  t: DigitTransform,
  out: Float32Array = new Float32Array(side * side),
  srcOffset = 0,
  outOffset = 0,
): Float32Array {
  const c = (side - 1) / 2;
  const cos = Math.cos(t.angle) / t.scale;
  const sin = Math.sin(t.angle) / t.scale;
  const at = (x: number, y: number): number =>
    x >= 0 && x < side && y >= 0 && y < side ? src[srcOffset + y * side + x] : 0;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const u = x - c - t.dx;
      const v = y - c - t.dy;
      const sx = c + cos * u + sin * v;
      const sy = c - sin * u + cos * v;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      let value = (1 - fx) * (1 - fy) * at(x0, y0);
      if (fx > 0) value += fx * (1 - fy) * at(x0 + 1, y0);
      if (fy > 0) value += (1 - fx) * fy * at(x0, y0 + 1);
      if (fx > 0 && fy > 0) value += fx * fy * at(x0 + 1, y0 + 1);
      out[outOffset + y * side + x] = value;
    }
  }
  return out;
}

/** Distinguishes the augmentation's random stream from the sampler's and the split's under the same seed. */
const AUGMENT_STREAM = 0x61756731; // 'aug1'
/** Random draws per digit: dx, dy, angle, scale. */
const DRAWS = 4;

/**
 * Augmented copies of the digits of a batch. The transform of the j-th digit
 * of batch b in epoch e depends only on (seed, e, b, j): the same seed gives
 * the same batches on every run and backend, and a new epoch gives new draws.
 */
export class DigitAugmenter {
  readonly side: number;
  private readonly pixels: number;
  private readonly key: number;

  constructor(
    private readonly images: Float32Array,
    readonly options: AugmentOptions,
    readonly seed: number,
    pixelsPerImage = 784,
  ) {
    const side = Math.round(Math.sqrt(pixelsPerImage));
    if (side * side !== pixelsPerImage)
      throw new Error(`DigitAugmenter: ${pixelsPerImage} pixels per image; expected a square image`);
    const { shift, rotate, scale } = options;
    if (!Number.isInteger(shift) || shift < 0 || shift >= side)
      throw new Error(`DigitAugmenter: shift ${shift}; expected a whole number of pixels in 0..${side - 1}`);
    if (!(rotate >= 0 && rotate <= 180))
      throw new Error(`DigitAugmenter: rotate ${rotate}; expected 0..180 degrees`);
    if (!(scale >= 0 && scale < 1))
      throw new Error(`DigitAugmenter: scale ${scale}; expected 0 <= scale < 1`);
    this.side = side;
    this.pixels = pixelsPerImage;
    this.key = randomBits(seed >>> 0, AUGMENT_STREAM);
  }

  /** Whether any augmentation is switched on. */
  get active(): boolean {
    return this.options.shift > 0 || this.options.rotate > 0 || this.options.scale > 0;
  }

  /** The transform drawn for digit `j` of batch `batch` in epoch `epoch`. */
  transformOf(epoch: number, batch: number, j: number): DigitTransform {
    const stream = randomBits(randomBits(this.key, epoch >>> 0), batch >>> 0);
    const u = (k: number) => uniform01(stream, DRAWS * j + k);
    const { shift, rotate, scale } = this.options;
    const span = 2 * shift + 1;
    return {
      dx: Math.min(span - 1, Math.floor(u(0) * span)) - shift,
      dy: Math.min(span - 1, Math.floor(u(1) * span)) - shift,
      angle: rotate > 0 ? ((2 * u(2) - 1) * rotate * Math.PI) / 180 : 0,
      scale: scale > 0 ? 1 + (2 * u(3) - 1) * scale : 1,
    };
  }

  /** The digits at rows `rows` of the images, transformed, as one [rows.length × pixels] array. */
  batch(rows: readonly number[], epoch: number, batch: number): Float32Array {
    const out = new Float32Array(rows.length * this.pixels);
    rows.forEach((row, j) => {
      const t = this.transformOf(epoch, batch, j);
      const srcOffset = row * this.pixels;
      const outOffset = j * this.pixels;
      if (t.angle === 0 && t.scale === 1)
        shiftImage(this.images, this.side, t.dx, t.dy, out, srcOffset, outOffset);
      else transformImage(this.images, this.side, t, out, srcOffset, outOffset);
    });
    return out;
  }
}
