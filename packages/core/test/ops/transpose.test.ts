import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  AxisError,
  arange,
  permute,
  setBackend,
  type Tensor,
  transpose,
} from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

/** Element (i, j, k) of a row-major [d0, d1, d2] array. */
const at3 = (v: ArrayLike<number>, s: readonly number[], i: number, j: number, k: number) =>
  v[(i * s[1] + j) * s[2] + k];

function values3(t: Tensor): { v: Float32Array; s: readonly number[] } {
  return { v: t.dataSync() as Float32Array, s: t.shape };
}

describe('transpose(dim0, dim1) swaps exactly two dims (PyTorch)', () => {
  const x = () => arange(0, 24).reshape([3, 2, 4]);

  it('transpose(0, 1) on [3, 2, 4] gives [2, 3, 4] with y[j, i, k] = x[i, j, k]', () => {
    const a = x();
    const y = a.transpose(0, 1);
    expect(y.shape).toEqual([2, 3, 4]);
    const { v: xv, s: xs } = values3(a);
    const { v: yv, s: ys } = values3(y);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++)
        for (let k = 0; k < 4; k++) expect(at3(yv, ys, j, i, k)).toBe(at3(xv, xs, i, j, k));
  });

  it('transpose(1, 2) and negative dims: [3, 2, 4] -> [3, 4, 2], same as (-1, -2) and (2, 1)', () => {
    const a = x();
    const y = a.transpose(1, 2);
    expect(y.shape).toEqual([3, 4, 2]);
    const { v: xv, s: xs } = values3(a);
    const { v: yv, s: ys } = values3(y);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++)
        for (let k = 0; k < 4; k++) expect(at3(yv, ys, i, k, j)).toBe(at3(xv, xs, i, j, k));
    expect(Array.from(a.transpose(-1, -2).dataSync())).toEqual(Array.from(y.dataSync()));
    expect(Array.from(transpose(a, 2, 1).dataSync())).toEqual(Array.from(y.dataSync()));
  });

  it('transpose(d, d) is the identity; the gradient of a swap is the swap back', () => {
    const a = x();
    expect(Array.from(a.transpose(1, 1).dataSync())).toEqual(Array.from(a.dataSync()));
    const w = arange(0, 24).reshape([3, 2, 4]).requiresGrad_();
    const dy = arange(100, 124).reshape([2, 3, 4]);
    w.transpose(0, 1).mul(dy).sum().backward();
    // d/dw Σ dy[j,i,k]·w[i,j,k] = dy[j,i,k] at (i,j,k)
    expect(w.grad?.shape).toEqual([3, 2, 4]);
    expect(Array.from(w.grad?.dataSync() ?? [])).toEqual(Array.from(dy.transpose(0, 1).dataSync()));
  });

  it('no arguments reverses every axis (.T of a matrix)', () => {
    const m = arange(0, 6).reshape([2, 3]);
    expect(m.transpose().shape).toEqual([3, 2]);
    expect(Array.from(m.transpose().dataSync())).toEqual([0, 3, 1, 4, 2, 5]);
    expect(x().transpose().shape).toEqual([4, 2, 3]);
  });
});

describe('a permutation stays available, and never passes for two dims', () => {
  it('permute(2, 0, 1), permute([2, 0, 1]) and transpose([2, 0, 1]) agree: output axis i is input axis p[i]', () => {
    const a = arange(0, 24).reshape([3, 2, 4]);
    const p1 = a.permute(2, 0, 1);
    expect(p1.shape).toEqual([4, 3, 2]);
    const { v: xv, s: xs } = values3(a);
    const { v: yv, s: ys } = values3(p1);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++)
        for (let k = 0; k < 4; k++) expect(at3(yv, ys, k, i, j)).toBe(at3(xv, xs, i, j, k));
    expect(Array.from(a.permute([2, 0, 1]).dataSync())).toEqual(Array.from(p1.dataSync()));
    expect(Array.from(permute(a, 2, 0, 1).dataSync())).toEqual(Array.from(p1.dataSync()));
    expect(Array.from(a.transpose([2, 0, 1]).dataSync())).toEqual(Array.from(p1.dataSync()));
  });

  it('an array of two dims on a 3-D tensor is refused, pointing to transpose(x, d0, d1)', () => {
    const a = arange(0, 24).reshape([3, 2, 4]);
    expect(() => a.transpose([1, 2])).toThrow(AxisError);
    expect(() => a.transpose([1, 2])).toThrow(/transpose\(x, 1, 2\)/);
  });

  it('one dim, three dims, or mixed forms are refused with a typed error', () => {
    const a = arange(0, 24).reshape([3, 2, 4]);
    const loose = a.transpose as (...args: unknown[]) => Tensor;
    expect(() => loose.call(a, 1)).toThrow(ArgumentError);
    expect(() => loose.call(a, 1)).toThrow(/expected two integer dims/);
    expect(() => loose.call(a, 2, 0, 1)).toThrow(/permute\(x, \[2, 0, 1\]\)/);
    expect(() => loose.call(a, [0, 1, 2], 1)).toThrow(ArgumentError);
    expect(() => loose.call(a, '1', 2)).toThrow(ArgumentError);
    expect(() => a.transpose(0, 3)).toThrow(AxisError);
    expect(() => a.transpose(0.5, 1)).toThrow(AxisError);
    expect(() => a.permute(0, 1)).toThrow(/expected all 3 axes/);
    expect(() => a.permute(0, 0, 1)).toThrow(AxisError);
  });
});
