/** planReduce and reductionIdentity, against layouts and values worked out by hand. */
import { describe, expect, it } from 'vitest';
import { planReduce, reductionIdentity } from '../../src/index.js';

describe('planReduce', () => {
  it('rows, columns and a middle axis become [k1, r, k2]', () => {
    expect(planReduce([5, 7], [1])).toEqual({ k1: 5, r: 7, k2: 1 });
    expect(planReduce([5, 7], [0])).toEqual({ k1: 1, r: 5, k2: 7 });
    expect(planReduce([3, 4, 5], [1])).toEqual({ k1: 3, r: 4, k2: 5 });
    expect(planReduce([2, 3, 4, 5], [1, 2])).toEqual({ k1: 2, r: 12, k2: 5 });
    expect(planReduce([2, 3, 4], [0, 1, 2])).toEqual({ k1: 1, r: 24, k2: 1 });
  });
  it('drops size-1 dims, also between the runs they would split', () => {
    expect(planReduce([3, 1, 4], [0, 2])).toEqual({ k1: 1, r: 12, k2: 1 });
    expect(planReduce([1, 6, 1], [1])).toEqual({ k1: 1, r: 6, k2: 1 });
    expect(planReduce([6, 1], [1])).toEqual({ k1: 6, r: 1, k2: 1 });
    expect(planReduce([], [])).toEqual({ k1: 1, r: 1, k2: 1 });
  });
  it('is null when the reduced dims are not one run', () => {
    expect(planReduce([2, 3, 4], [0, 2])).toBeNull();
    expect(planReduce([2, 3, 4, 5], [1, 3])).toBeNull();
  });
});

describe('reductionIdentity', () => {
  it('gives 0, 1 and the dtype extremes', () => {
    expect(reductionIdentity('sum', 'float32')).toBe(0);
    expect(reductionIdentity('prod', 'int32')).toBe(1);
    expect(reductionIdentity('max', 'float64')).toBe(-Infinity);
    expect(reductionIdentity('min', 'float32')).toBe(Infinity);
    expect(reductionIdentity('max', 'int32')).toBe(-(2 ** 31));
    expect(reductionIdentity('min', 'int32')).toBe(2 ** 31 - 1);
    expect(reductionIdentity('max', 'bool')).toBe(0);
    expect(reductionIdentity('min', 'bool')).toBe(1);
  });
});
