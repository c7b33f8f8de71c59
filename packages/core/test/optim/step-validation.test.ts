import '@polygrad/backend-cpu';
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, type Tensor, tensor } from '../../src/index.js';
import { Adam, SGD } from '../../src/optim/index.js';

describe('a bad gradient is rejected before any parameter moves', () => {
  const optimizers = {
    SGD: (ps: Tensor[]) => new SGD(ps, { lr: 0.1, momentum: 0.9 }),
    Adam: (ps: Tensor[]) => new Adam(ps, { lr: 0.1 }),
  };
  for (const [name, make] of Object.entries(optimizers)) {
    it(name, () => {
      const a = tensor([1, 2], { requiresGrad: true });
      const b = tensor([3, 4], { requiresGrad: true });
      const opt = make([a, b]);
      a.grad = tensor([1, 1]);
      b.grad = tensor([1, 1, 1]);
      expect(() => opt.step()).toThrow(ShapeError);
      expect(() => opt.step()).toThrow(
        /parameter 1 \[2\] has a gradient of shape \[3\].*no parameter was updated/,
      );
      expect(Array.from(a.dataSync())).toEqual([1, 2]);
      b.grad.dispose();
      b.grad = tensor([1, 1], { dtype: 'float64' });
      expect(() => opt.step()).toThrow(DTypeError);
      expect(Array.from(a.dataSync())).toEqual([1, 2]);
      b.grad.dispose();
      b.grad = tensor([1, 1]);
      opt.step();
      expect(Array.from(a.dataSync())).not.toEqual([1, 2]);
    });
  }
});
