import { loadMnistPackage, type MnistArrays } from '@polygrad/core/data/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { DigitAugmenter, shiftImage, transformImage } from '../src/augment.js';

/** A 4×4 image whose pixel (x, y) holds 1 + x + 4y, so every pixel is distinguishable from background 0. */
const ramp = Float32Array.from({ length: 16 }, (_, i) => 1 + i);
const rows = (img: Float32Array, side: number): number[][] =>
  Array.from({ length: side }, (_, y) => Array.from(img.subarray(y * side, (y + 1) * side)));

describe('shiftImage', () => {
  it('moves every pixel by (dx, dy) and fills the uncovered edge with 0 (worked by hand on a 4×4 ramp)', () => {
    // Right 1, down 2: rows 0–1 are new (0), row 2 is source row 0 moved right, column 0 is new (0).
    expect(rows(shiftImage(ramp, 4, 1, 2), 4)).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 1, 2, 3],
      [0, 5, 6, 7],
    ]);
    // Left 2, up 1.
    expect(rows(shiftImage(ramp, 4, -2, -1), 4)).toEqual([
      [7, 8, 0, 0],
      [11, 12, 0, 0],
      [15, 16, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(rows(shiftImage(ramp, 4, 0, 0), 4)).toEqual(rows(ramp, 4));
    // A shift by the full side leaves only background.
    expect(Array.from(shiftImage(ramp, 4, 4, 0))).toEqual(new Array(16).fill(0));
  });

  it('reads and writes at offsets inside larger arrays', () => {
    const src = new Float32Array(32);
    src.set(ramp, 16);
    const out = new Float32Array(48).fill(-1);
    shiftImage(src, 4, 1, 0, out, 16, 16);
    expect(Array.from(out.subarray(0, 16))).toEqual(new Array(16).fill(-1));
    expect(rows(out.subarray(16, 32), 4)).toEqual([
      [0, 1, 2, 3],
      [0, 5, 6, 7],
      [0, 9, 10, 11],
      [0, 13, 14, 15],
    ]);
    expect(Array.from(out.subarray(32))).toEqual(new Array(16).fill(-1));
  });

  it('rejects fractional shifts', () => {
    expect(() => shiftImage(ramp, 4, 0.5, 0)).toThrow(/whole pixels/);
  });
});

describe('transformImage (bilinear)', () => {
  it('equals shiftImage for whole-pixel translations without rotation or scaling', () => {
    for (const [dx, dy] of [
      [0, 0],
      [1, 2],
      [-2, 1],
      [3, -3],
    ]) {
      expect(Array.from(transformImage(ramp, 4, { dx, dy, angle: 0, scale: 1 }))).toEqual(
        Array.from(shiftImage(ramp, 4, dx, dy)),
      );
    }
  });

  it('interpolates half-pixel shifts as the mean of the two neighbours, 0 beyond the edge', () => {
    // Right by ½: out(x) = (src(x − ½)) = ½·src(x − 1) + ½·src(x), with src(−1) = 0.
    expect(rows(transformImage(ramp, 4, { dx: 0.5, dy: 0, angle: 0, scale: 1 }), 4)[0]).toEqual([
      0.5, 1.5, 2.5, 3.5,
    ]);
  });

  it('rotates a quarter turn about the centre exactly (pixel (x, y) goes to (3 − y, x) on a 4×4 grid)', () => {
    const out = transformImage(ramp, 4, { dx: 0, dy: 0, angle: Math.PI / 2, scale: 1 });
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) expect(out[x * 4 + (3 - y)]).toBeCloseTo(ramp[y * 4 + x], 5);
  });

  it('scales about the centre: ×2 spreads the central 2×2 block over the middle of the image', () => {
    // Output pixel p samples c + (p − c)/2 with c = 1.5: p = 1 → 1.25, p = 2 → 1.75.
    const out = transformImage(ramp, 4, { dx: 0, dy: 0, angle: 0, scale: 2 });
    const at = (x: number, y: number) => {
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const v = (i: number, j: number) => ramp[j * 4 + i];
      const fx = x - x0;
      const fy = y - y0;
      return (
        (1 - fx) * (1 - fy) * v(x0, y0) +
        fx * (1 - fy) * v(x0 + 1, y0) +
        (1 - fx) * fy * v(x0, y0 + 1) +
        fx * fy * v(x0 + 1, y0 + 1)
      );
    };
    expect(out[1 * 4 + 1]).toBeCloseTo(at(1.25, 1.25), 6);
    expect(out[2 * 4 + 2]).toBeCloseTo(at(1.75, 1.75), 6);
    expect(out[1 * 4 + 2]).toBeCloseTo(at(1.75, 1.25), 6);
  });
});

describe('DigitAugmenter on the real digits', () => {
  let data: MnistArrays;
  beforeAll(() => {
    data = loadMnistPackage();
  });

  /** The first index of each digit 0..9. */
  const firstOfEachClass = (): number[] => Array.from({ length: 10 }, (_, c) => data.labels.indexOf(c));

  it('shifts every digit of a batch, of every class, by its drawn offset, within ±shift, filling with 0', () => {
    const aug = new DigitAugmenter(data.images, { shift: 2, rotate: 0, scale: 0 }, 7);
    const batchRows = firstOfEachClass();
    expect(batchRows.every((r) => r >= 0)).toBe(true);
    const out = aug.batch(batchRows, 3, 5);
    expect(out.length).toBe(10 * 784);
    batchRows.forEach((row, j) => {
      const t = aug.transformOf(3, 5, j);
      expect(Math.abs(t.dx)).toBeLessThanOrEqual(2);
      expect(Math.abs(t.dy)).toBeLessThanOrEqual(2);
      expect(t.angle).toBe(0);
      expect(t.scale).toBe(1);
      const src = data.images.subarray(row * 784, (row + 1) * 784);
      const got = out.subarray(j * 784, (j + 1) * 784);
      for (let y = 0; y < 28; y++)
        for (let x = 0; x < 28; x++) {
          const sx = x - t.dx;
          const sy = y - t.dy;
          const want = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? src[sy * 28 + sx] : 0;
          expect(got[y * 28 + x]).toBe(want);
        }
    });
  });

  it('is deterministic per seed, fresh per epoch and batch, and different across seeds', () => {
    const rowsOf = Array.from({ length: 64 }, (_, i) => i * 150);
    const a = new DigitAugmenter(data.images, { shift: 2, rotate: 0, scale: 0 }, 1);
    const b = new DigitAugmenter(data.images, { shift: 2, rotate: 0, scale: 0 }, 1);
    const other = new DigitAugmenter(data.images, { shift: 2, rotate: 0, scale: 0 }, 2);
    expect(Array.from(a.batch(rowsOf, 4, 9))).toEqual(Array.from(b.batch(rowsOf, 4, 9)));
    const offsets = (g: DigitAugmenter, epoch: number, batch: number) =>
      rowsOf.map((_, j) => {
        const t = g.transformOf(epoch, batch, j);
        return `${t.dx},${t.dy}`;
      });
    const base = offsets(a, 4, 9);
    for (const differs of [offsets(a, 5, 9), offsets(a, 4, 10), offsets(other, 4, 9)]) {
      // 25 equally likely offsets: two independent draws of 64 agree on ~3 digits, never on all.
      expect(differs.filter((d, j) => d === base[j]).length).toBeLessThan(20);
    }
  });

  it('draws every offset in −shift..shift about equally often', () => {
    const aug = new DigitAugmenter(data.images, { shift: 2, rotate: 0, scale: 0 }, 3);
    const counts = new Map<string, number>();
    const n = 25 * 400;
    for (let j = 0; j < n; j++) {
      const t = aug.transformOf(0, Math.floor(j / 128), j % 128);
      counts.set(`${t.dx},${t.dy}`, (counts.get(`${t.dx},${t.dy}`) ?? 0) + 1);
    }
    expect(counts.size).toBe(25);
    // Each count is Binomial(10,000, 1/25): mean 400, sd 19.6; ±100 is over 5 sd.
    for (const c of counts.values()) expect(Math.abs(c - 400)).toBeLessThan(100);
  });

  it('keeps rotations and scalings within their bounds and leaves the digit mostly in place', () => {
    const aug = new DigitAugmenter(data.images, { shift: 1, rotate: 10, scale: 0.1 }, 5);
    const batchRows = firstOfEachClass();
    const out = aug.batch(batchRows, 0, 0);
    batchRows.forEach((row, j) => {
      const t = aug.transformOf(0, 0, j);
      expect(Math.abs(t.angle)).toBeLessThanOrEqual((10 * Math.PI) / 180);
      expect(Math.abs(t.scale - 1)).toBeLessThanOrEqual(0.1);
      const src = data.images.subarray(row * 784, (row + 1) * 784);
      const got = out.subarray(j * 784, (j + 1) * 784);
      expect(Array.from(got)).toEqual(Array.from(transformImage(src, 28, t)));
      // Ink is conserved up to the area change s² (bilinear resampling of a digit well inside the frame).
      const ink = (img: ArrayLike<number>) => Array.from(img).reduce((s, v) => s + v, 0);
      expect(ink(got) / (ink(src) * t.scale ** 2)).toBeGreaterThan(0.85);
      expect(ink(got) / (ink(src) * t.scale ** 2)).toBeLessThan(1.15);
      expect(Math.min(...got)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...got)).toBeLessThanOrEqual(1);
    });
  });

  it('is off with all amounts 0 and rejects bad options', () => {
    expect(new DigitAugmenter(data.images, { shift: 0, rotate: 0, scale: 0 }, 1).active).toBe(false);
    expect(() => new DigitAugmenter(data.images, { shift: 1.5, rotate: 0, scale: 0 }, 1)).toThrow(
      /shift 1.5/,
    );
    expect(() => new DigitAugmenter(data.images, { shift: 0, rotate: -1, scale: 0 }, 1)).toThrow(/rotate -1/);
    expect(() => new DigitAugmenter(data.images, { shift: 0, rotate: 0, scale: 1 }, 1)).toThrow(/scale 1/);
    expect(() => new DigitAugmenter(data.images, { shift: 1, rotate: 0, scale: 0 }, 1, 700)).toThrow(
      /square/,
    );
  });
});
