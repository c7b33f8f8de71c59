/**
 * An optimizer step is all or nothing across parameter groups: options (which
 * schedulers and user code may change) and gradients are checked, and every
 * update computed, before any parameter or state moves. With debug numerics a
 * NaN/Inf gradient or update is caught, naming the parameter or kernel.
 */
import '@polygrad/backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { ArgumentError, NumericsError, setDebugNumerics, type Tensor, tensor } from '../../src/index.js';
import { Adam, SGD } from '../../src/optim/index.js';

afterEach(() => setDebugNumerics(false));

const values = (t: Tensor): number[] => Array.from(t.dataSync());

function twoGroups(kind: 'SGD' | 'Adam') {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  const groups = [{ params: [a] }, { params: [b], lr: 0.5 }];
  const opt = kind === 'SGD' ? new SGD(groups, { lr: 0.1, momentum: 0.9 }) : new Adam(groups, { lr: 0.1 });
  a.grad = tensor([1, 1]);
  b.grad = tensor([1, 1]);
  return { a, b, opt };
}

describe.each(['SGD', 'Adam'] as const)('%s', (kind) => {
  it('an invalid option in the second group leaves the first group untouched', () => {
    const { a, b, opt } = twoGroups(kind);
    opt.paramGroups[1].lr = Number.NaN;
    expect(() => opt.step()).toThrow(ArgumentError);
    expect(values(a)).toEqual([1, 2]);
    expect(values(b)).toEqual([3, 4]);
    opt.paramGroups[1].lr = 0.5;
    opt.step();
    expect(values(a)).not.toEqual([1, 2]);
    expect(values(b)).not.toEqual([3, 4]);
  });

  it('with debug numerics, a NaN gradient in the second group moves nothing, naming the parameter', () => {
    const { a, b, opt } = twoGroups(kind);
    (b.grad as Tensor).dispose();
    b.grad = tensor([1, Number.NaN]);
    setDebugNumerics(true);
    expect(() => opt.step()).toThrow(NumericsError);
    expect(() => opt.step()).toThrow(
      /parameter 1 \[2\] has a gradient of NaN at element 1.*no parameter was updated/,
    );
    expect(values(a)).toEqual([1, 2]);
    expect(values(b)).toEqual([3, 4]);
  });

  it('with debug numerics, an update that overflows to Infinity moves nothing', () => {
    const { a, b, opt } = twoGroups(kind);
    (b.grad as Tensor).dispose();
    b.grad = tensor([1, 3e38]);
    opt.paramGroups[1].lr = 1e10;
    setDebugNumerics(true);
    expect(() => opt.step()).toThrow(NumericsError);
    expect(values(a)).toEqual([1, 2]);
    expect(values(b)).toEqual([3, 4]);
  });

  it('without debug numerics the same NaN propagates (IEEE), as documented', () => {
    const { b, opt } = twoGroups(kind);
    (b.grad as Tensor).dispose();
    b.grad = tensor([1, Number.NaN]);
    opt.step();
    expect(Number.isNaN(values(b)[1])).toBe(true);
  });
});
