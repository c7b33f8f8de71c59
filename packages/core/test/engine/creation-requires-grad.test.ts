/** `requiresGrad` works on every creation function (randn, zeros, ... ignored it before). */
import '@polygrad/backend-cpu';
import { describe, expect, it } from 'vitest';
import {
  arange,
  bernoulli,
  DTypeError,
  eye,
  full,
  linspace,
  memory,
  ones,
  rand,
  randn,
  type Tensor,
  tensor,
  zeros,
} from '../../src/index.js';

const makers: [string, () => Tensor][] = [
  ['tensor', () => tensor([1, 2, 3], { requiresGrad: true })],
  ['zeros', () => zeros([3], { requiresGrad: true })],
  ['ones', () => ones([3], { requiresGrad: true })],
  ['full', () => full([3], 2, { requiresGrad: true })],
  ['arange', () => arange(3, undefined, 1, { requiresGrad: true })],
  ['linspace', () => linspace(0, 1, 3, { requiresGrad: true })],
  ['eye', () => eye(3, 1, { requiresGrad: true })],
  ['rand', () => rand([3], { seed: 1, requiresGrad: true })],
  ['randn', () => randn([3], { seed: 1, requiresGrad: true })],
  ['bernoulli', () => bernoulli([3], 0.5, { seed: 1, requiresGrad: true })],
];

describe('requiresGrad on every creation function', () => {
  it.each(makers)('%s makes a leaf that receives gradients', (_name, make) => {
    const t = make();
    expect(t.requiresGrad).toBe(true);
    expect(t.isLeaf).toBe(true);
    t.reshape([3]).mul(2).sum().backward();
    expect(Array.from((t.grad as Tensor).dataSync())).toEqual([2, 2, 2]);
    t.dispose();
  });

  it('integer tensors cannot require gradients: refused before anything is allocated', () => {
    const before = memory();
    expect(() => zeros([2], { dtype: 'int32', requiresGrad: true })).toThrow(DTypeError);
    expect(() => arange(3, undefined, 1, { dtype: 'int32', requiresGrad: true })).toThrow(DTypeError);
    expect(() => tensor(new Int32Array([1]), { requiresGrad: true })).toThrow(DTypeError);
    expect(memory()).toEqual(before);
  });
});
