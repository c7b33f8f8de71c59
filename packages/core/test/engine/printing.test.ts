import '@polygrad/backend-cpu';
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../../src/index.js';

describe('toString prints like PyTorch', () => {
  it('integers-valued floats, matrices, dtype suffixes', () => {
    expect(tensor([1, 2, 3]).toString()).toBe('tensor([1., 2., 3.])');
    expect(
      tensor([
        [1.5, -2],
        [3, 4],
      ]).toString(),
    ).toBe('tensor([[ 1.5000, -2.0000],\n        [ 3.0000,  4.0000]])');
    expect(tensor([1, 2], { dtype: 'int32' }).toString()).toBe('tensor([1, 2], dtype=int32)');
    expect(tensor([true, false]).toString()).toBe('tensor([ True, False], dtype=bool)');
    expect(tensor([1], { requiresGrad: true }).toString()).toBe('tensor([1.], requiresGrad=true)');
    expect(zeros([0, 3]).toString()).toBe('tensor([], size=[0, 3])');
  });
});
