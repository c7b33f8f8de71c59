import '@polygrad/backend-cpu';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  AxisError,
  add,
  DTypeError,
  gather,
  linear,
  matmul,
  memory,
  PolygradError,
  reshape,
  ShapeError,
  softmaxCrossEntropy,
  sum,
  tensor,
  zeros,
} from '../../src/index.js';

describe('bad input gets a clear, typed error before any kernel runs', () => {
  const a = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('names the op, what it got and what it expected', () => {
    expect(() => add(a, tensor([1, 2]))).toThrow(
      'add: shapes [2, 3] and [2] cannot be broadcast together (dimension 1 of the result: 3 vs 2); expected equal sizes or 1',
    );
    expect(() => matmul(a, a)).toThrow(
      'matmul: inner dimensions differ: [2, 3] · [2, 3] has K = 3 vs 2; expected equal',
    );
    expect(() => sum(a, 2)).toThrow(
      'sum: axis 2 is out of range for a tensor of rank 2; expected an integer in [-2, 1]',
    );
    expect(() => reshape(a, [4, 2])).toThrow(
      /reshape: cannot reshape \[2, 3\] \(6 elements\) to \[4, 2\] \(8 elements\)/,
    );
    expect(() => gather(a, tensor([0, 5], { dtype: 'int32' }), 1)).toThrow(AxisError);
    expect(() => gather(a, tensor([0, 1]), 0)).toThrow(/gather: indices has dtype float32 .*expected int32/);
    expect(() => linear(a, zeros([4, 2]))).toThrow(
      /linear: got input \[2, 3\], weight \[4, 2\]; expected input \[N, in\], weight \[out, in\]/,
    );
    expect(() => softmaxCrossEntropy(a, tensor([0, 3], { dtype: 'int32' }))).toThrow(
      /label 3 .* out of range/,
    );
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => zeros([2, -1])).toThrow(ShapeError);
    expect(
      () =>
        tensor([1, 2], { dtype: 'float32' }).requiresGrad_() &&
        tensor([1], { dtype: 'int32' }).requiresGrad_(),
    ).toThrow(DTypeError);
    expect(() => add(a, 'x' as unknown as number)).toThrow(ArgumentError);
  });

  it('every error is a PolygradError with .op, and nothing leaks when an op throws', () => {
    const before = memory().tensors;
    for (const bad of [() => add(a, tensor([1, 2])), () => matmul(a, a), () => sum(a, 5)]) {
      try {
        bad();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(PolygradError);
        expect((e as PolygradError).op.length).toBeGreaterThan(0);
      }
    }
    // the failed add created its operand [1, 2] (counted) and nothing else
    expect(memory().tensors - before).toBe(1);
  });
});
