import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MnistArrays } from '@polygrad/core/data/node';
import { readIdxFile } from '@polygrad/core/data/node';

function find(dir: string, base: string): string {
  for (const name of [
    base,
    `${base}.gz`,
    base.replace('-idx', '.idx'),
    `${base.replace('-idx', '.idx')}.gz`,
  ]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new Error(`no ${base}[.gz] in ${dir}; expected the standard MNIST IDX files`);
}

/** The full MNIST training set (60k) from IDX files, plain or gzip. */
export async function readMnistIdx(dir: string): Promise<MnistArrays> {
  const images = await readIdxFile(find(dir, 'train-images-idx3-ubyte'));
  const labels = await readIdxFile(find(dir, 'train-labels-idx1-ubyte'));
  const pixels = new Float32Array(images.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
  return { images: pixels, labels: Int32Array.from(labels.data) };
}
