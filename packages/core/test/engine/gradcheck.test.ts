/**
 * gradcheck can fail: ops whose recorded VJP is deliberately wrong — by a
 * constant factor, by a relative 1e-4, by a transposition, or missing — must
 * be reported, with the worst element named; correct VJPs pass at the default
 * tolerance (atol 1e-7, rtol 1e-6).
 */
import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  detach,
  gradcheck,
  matmul,
  mul,
  setBackend,
  sum,
  type Tensor,
  tensor,
  tidy,
} from '../../src/index.js';
import { record } from '../../src/ops/dispatch.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const f64 = (v: number[] | number[][]) => tensor(v, { dtype: 'float64' });
const X = [0.7, -1.3, 2.1, 0.4, -0.9];

/** y = x³, value computed without autograd, gradient from `vjp`. */
function cube(x: Tensor, vjp: (dy: Tensor, x: Tensor) => Tensor | null): Tensor {
  const y = detach(mul(mul(x, x), x));
  return record(y, 'cube', [x], (dy) => [vjp(dy, x)]);
}

const rightCube = (dy: Tensor, x: Tensor) => mul(dy, mul(mul(x, x), 3));

function check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]) {
  return tidy(() => gradcheck(fn, inputs));
}

describe('gradcheck', () => {
  it('passes a correct VJP at the default tolerance', () => {
    const r = check((x) => cube(x, rightCube), [f64(X)]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(r.maxAbsError).toBeLessThan(1e-8);
  });

  it('reports a VJP scaled by 2 and names the worst element', () => {
    const r = check((x) => cube(x, (dy, t) => mul(rightCube(dy, t), 2)), [f64(X)]);
    expect(r.ok).toBe(false);
    expect(r.worst).not.toBeNull();
    // The largest |3x²| is at x = 2.1 (index 2): the worst mismatch is there, analytic twice the numeric.
    expect(r.worst!.index).toBe(2);
    expect(r.worst!.analytic / r.worst!.numeric).toBeCloseTo(2, 6);
    expect(r.maxRelError).toBeCloseTo(1, 6);
  });

  it('reports a VJP wrong by a relative 1e-4 (the former default tolerance let it pass)', () => {
    const slightly = (x: Tensor) => cube(x, (dy, t) => mul(rightCube(dy, t), 1 + 1e-4));
    expect(check(slightly, [f64(X)]).ok).toBe(false);
    expect(tidy(() => gradcheck(slightly, [f64(X)], { atol: 1e-5, rtol: 1e-3 })).ok).toBe(true);
  });

  it('reports a missing gradient (a VJP that returns nothing for an input)', () => {
    const r = check((x) => cube(x, () => null), [f64(X)]);
    expect(r.ok).toBe(false);
    expect(r.worst!.analytic).toBe(0);
  });

  it('reports a matmul VJP with a transposition missing, for the right input', () => {
    // Square operands, so the wrong VJP dA = dY·B (instead of dY·Bᵀ) has the right shape.
    const a = f64([
      [0.3, -1.2, 0.8],
      [1.1, 0.5, -0.4],
      [0.2, 0.9, -1.5],
    ]);
    const b = f64([
      [0.9, -0.2, 0.4],
      [0.1, 1.4, -0.3],
      [-0.7, 0.6, 1.2],
    ]);
    const wrongMatmul = (x: Tensor, y: Tensor) =>
      record(detach(matmul(x, y)), 'matmul-missing-transpose', [x, y], (dy) => [
        matmul(dy, y),
        matmul(x, dy, { transposeA: true }),
      ]);
    const r = check(wrongMatmul, [a, b]);
    expect(r.ok).toBe(false);
    expect(r.worst!.input).toBe(0);
    const right = check((x, y) => matmul(x, y), [a, b]);
    expect(right.ok, JSON.stringify(right)).toBe(true);
  });

  it('reduces a non-scalar output with a projection: a wrong gradient in one output element is caught', () => {
    // y_i = x_i² except the VJP forgets element 3's contribution.
    const fn = (x: Tensor) =>
      record(detach(mul(x, x)), 'square-missing-one', [x], (dy) => [
        mul(mul(dy, mul(x, 2)), f64([1, 1, 1, 0, 1])),
      ]);
    const r = check(fn, [f64(X)]);
    expect(r.ok).toBe(false);
    expect(r.worst!.index).toBe(3);
    expect(check((x) => sum(mul(x, x)), [f64(X)]).ok).toBe(true);
  });
});
