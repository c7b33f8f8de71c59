import '@polygrad/backend-cpu';
import { describe, expect, it } from 'vitest';
import {
  add,
  GradError,
  gradcheck,
  linear,
  matmul,
  maximum,
  mul,
  noGrad,
  randn,
  relu,
  ShapeError,
  sum,
  tensor,
  tidy,
} from '../../src/index.js';

const f64 = (v: number[][] | number[], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });

describe('autograd', () => {
  it("fan-out gradients add (the seed's Duplicate module)", () => {
    const x = f64([1, 2, 3], true);
    // y = x*x + 3x uses x three times: dy/dx = 2x + 3
    const y = sum(add(mul(x, x), mul(x, 3)));
    y.backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([5, 7, 9]);
  });

  it('Linear backward matches the seed: dX = dY·W, dW = dYᵀ·X', () => {
    const x = f64(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      true,
    );
    const w = f64(
      [
        [1, 0, -1],
        [2, 1, 0],
      ],
      true,
    );
    const b = f64([0.5, -0.5], true);
    const dy = f64([
      [1, 2],
      [3, 4],
    ]);
    linear(x, w, b).backward(dy);
    // dX = dY·W
    expect(x.grad!.arraySync()).toEqual([
      [1 + 4, 0 + 2, -1 + 0],
      [3 + 8, 0 + 4, -3 + 0],
    ]);
    // dW = dYᵀ·X
    expect(w.grad!.arraySync()).toEqual([
      [1 * 1 + 3 * 4, 1 * 2 + 3 * 5, 1 * 3 + 3 * 6],
      [2 * 1 + 4 * 4, 2 * 2 + 4 * 5, 2 * 3 + 4 * 6],
    ]);
    expect(b.grad!.arraySync()).toEqual([4, 6]);
  });

  it('ReLU masks the gradient where x < 0', () => {
    const x = f64([-2, -0.5, 0.5, 3], true);
    relu(x).backward(f64([10, 20, 30, 40]));
    expect(x.grad!.arraySync()).toEqual([0, 0, 30, 40]);
  });

  it('Max routes the gradient to the larger input; ties go to the second (seed formula)', () => {
    const a = f64([1, 5, 2], true);
    const b = f64([3, 4, 2], true);
    maximum(a, b).backward(f64([1, 1, 1]));
    expect(a.grad!.arraySync()).toEqual([0, 1, 0]);
    expect(b.grad!.arraySync()).toEqual([1, 0, 1]);
  });

  it('gradients accumulate across backward calls until zeroed', () => {
    const x = f64([1, 2], true);
    sum(mul(x, 2)).backward();
    sum(mul(x, 3)).backward();
    expect(x.grad!.arraySync()).toEqual([5, 5]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('graph structure may depend on the data (dynamic graphs)', () => {
    const w = f64([0.5], true);
    let h = w;
    const steps = Math.floor(Math.random() * 3) + 2;
    for (let i = 0; i < steps; i++) h = mul(h, w);
    sum(h).backward();
    // d/dw w^(steps+1) = (steps+1) w^steps
    expect(w.grad!.dataSync()[0]).toBeCloseTo((steps + 1) * 0.5 ** steps, 12);
  });

  it('detach and noGrad stop gradients', () => {
    const x = f64([2], true);
    const y = mul(x.detach(), x);
    y.backward();
    expect(x.grad!.dataSync()[0]).toBe(2);
    const z = noGrad(() => mul(x, x));
    expect(z.requiresGrad).toBe(false);
    expect(() => z.backward()).toThrow(GradError);
  });

  it('non-scalar backward without a gradient is a GradError naming the shape', () => {
    const x = f64([1, 2], true);
    expect(() => mul(x, 2).backward()).toThrow(/backward: called on a non-scalar tensor of shape \[2\]/);
    expect(() => mul(x, 2).backward(f64([1, 2, 3]))).toThrow(ShapeError);
  });

  it('broadcast gradients sum back to the input shape', () => {
    const a = f64(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      true,
    );
    const b = f64([10, 20, 30], true);
    sum(mul(a, b)).backward();
    expect(b.grad!.arraySync()).toEqual([5, 7, 9]);
    expect(a.grad!.arraySync()).toEqual([
      [10, 20, 30],
      [10, 20, 30],
    ]);
  });

  it('a residual DAG passes gradcheck', () => {
    const r = gradcheck(
      (x, w1, w2) => {
        const h = relu(matmul(x, w1));
        return add(matmul(h, w2), x).tanh().logSoftmax(1);
      },
      [
        randn([3, 4], { dtype: 'float64', seed: 1 }),
        randn([4, 4], { dtype: 'float64', seed: 2 }),
        randn([4, 4], { dtype: 'float64', seed: 3 }),
      ],
    );
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  it('backward inside tidy keeps leaf gradients and frees the rest', () => {
    const w = f64(
      [
        [1, 2],
        [3, 4],
      ],
      true,
    );
    tidy(() => {
      const x = f64([[1, 1]]);
      sum(relu(matmul(x, w))).backward();
    });
    expect(w.grad!.arraySync()).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });
});
