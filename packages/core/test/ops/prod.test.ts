import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradcheck, prod, setBackend, tensor } from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

/** d prod / dx_i = product of every other entry (PyTorch's value, computed by hand here). */
function othersProduct(xs: readonly number[]): number[] {
  return xs.map((_, i) => xs.reduce((p, v, j) => (j === i ? p : p * v), 1));
}

function gradOfProd(values: number[][], axis?: number): number[] {
  const x = tensor(values, { dtype: 'float64', requiresGrad: true });
  prod(x, axis).sum().backward();
  return Array.from(x.grad?.dataSync() ?? []);
}

describe('prod gradient is the product of the others, also at exactly 0', () => {
  it('no zero: prod / x', () => {
    expect(gradOfProd([[2, -3, 0.5, 4]])).toEqual(othersProduct([2, -3, 0.5, 4]));
  });

  it('one zero: the zero gets the product of the others, the rest 0 (was NaN)', () => {
    const g = gradOfProd([[2, 0, 3, 4]]);
    expect(g).toEqual([0, 24, 0, 0]);
    expect(g).toEqual(othersProduct([2, 0, 3, 4]));
  });

  it('two or more zeros: all 0', () => {
    expect(gradOfProd([[2, 0, 3, 0]])).toEqual([0, 0, 0, 0]);
    expect(gradOfProd([[0, 0, 0]])).toEqual([0, 0, 0]);
  });

  it('along an axis, each slice on its own (no zero, one zero, two zeros); keepdims too', () => {
    const rows = [
      [1, 2, 3],
      [0, 5, 6],
      [0, 0, 7],
    ];
    expect(gradOfProd(rows, 1)).toEqual(rows.flatMap(othersProduct));
    expect(gradOfProd(rows, 1)).toEqual([6, 3, 2, 30, 0, 0, 0, 0, 0]);
    // axis 0: columns [1, 0, 0] (two zeros), [2, 5, 0] (one), [3, 6, 7] (none)
    expect(gradOfProd(rows, 0)).toEqual([0, 0, 42, 0, 0, 21, 0, 10, 18]);
    const x = tensor(rows, { dtype: 'float64', requiresGrad: true });
    prod(x, -1, true).sum().backward();
    expect(Array.from(x.grad?.dataSync() ?? [])).toEqual([6, 3, 2, 30, 0, 0, 0, 0, 0]);
  });

  it('matches central differences in float64 at zeros (prod is linear in each entry, so they are exact)', () => {
    const x = tensor(
      [
        [0, 1.5, -2],
        [0, 0, 3],
        [0.5, 2, 4],
      ],
      { dtype: 'float64' },
    );
    const r = gradcheck((a) => prod(a, 1), [x], { eps: 1e-3, atol: 1e-9, rtol: 1e-9 });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const all = gradcheck((a) => prod(a), [tensor([1.5, 0, -2, 3], { dtype: 'float64' })], {
      eps: 1e-3,
      atol: 1e-9,
      rtol: 1e-9,
    });
    expect(all.ok, JSON.stringify(all)).toBe(true);
  });
});
