/**
 * Node-only: read IDX files (plain or gzip) from disk. Kept out of
 * `data/index.ts` so browser bundles never see node:fs / node:zlib; import it
 * from `@polygrad/core/data/node`.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ArgumentError } from '../errors.js';
import { type IdxArray, isGzip, parseIdx } from './idx.js';
import { type MnistFromArraysOptions, type MnistTensors, mnistFromArrays } from './mnist.js';

/** Read and parse one IDX file; gzip is detected from its first bytes, not its name. */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const raw = new Uint8Array(await readFile(path));
  return parseIdx(isGzip(raw) ? new Uint8Array(gunzipSync(raw)) : raw);
}

/**
 * Load an MNIST images file ([N, 28, 28] uint8) and labels file ([N] uint8)
 * as tensors: images [N, 784] float32 in [0, 1], labels [N] int32.
 */
export async function loadMnistIdx(
  paths: { images: string; labels: string },
  options: MnistFromArraysOptions = {},
): Promise<MnistTensors> {
  const op = 'loadMnistIdx';
  const [images, labels] = await Promise.all([readIdxFile(paths.images), readIdxFile(paths.labels)]);
  if (images.type !== 'uint8' || images.shape.length < 2) {
    throw new ArgumentError(
      op,
      `${paths.images} holds ${images.type} [${images.shape.join(', ')}]; expected uint8 images [N, rows, cols]`,
    );
  }
  if (labels.type !== 'uint8' || labels.shape.length !== 1) {
    throw new ArgumentError(
      op,
      `${paths.labels} holds ${labels.type} [${labels.shape.join(', ')}]; expected uint8 labels [N]`,
    );
  }
  if (images.shape[0] !== labels.shape[0]) {
    throw new ArgumentError(
      op,
      `${images.shape[0]} images but ${labels.shape[0]} labels; expected one label per image`,
    );
  }
  return mnistFromArrays(images.data as Uint8Array, labels.data, options);
}
