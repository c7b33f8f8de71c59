import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  AxisError,
  DTypeError,
  gather,
  gatherAlong,
  gradcheck,
  memory,
  randint,
  randn,
  ShapeError,
  setBackend,
  type Tensor,
  takeAlongAxis,
  tensor,
} from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const data = (t: Tensor | null | undefined) => Array.from(t?.dataSync() ?? []);
const i32 = (v: number[][] | number[][][]) => tensor(v, { dtype: 'int32' });

describe('takeAlongAxis (NumPy take_along_axis, PyTorch torch.gather)', () => {
  const x = () =>
    tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);

  it('hand-derived values along the last and the first axis; the result has the index shape', () => {
    const a = takeAlongAxis(
      x(),
      i32([
        [2, 0, 0, 1],
        [1, 1, 2, 0],
      ]),
      1,
    );
    expect(a.shape).toEqual([2, 4]);
    expect(data(a)).toEqual([3, 1, 1, 2, 5, 5, 6, 4]);
    const b = takeAlongAxis(x(), i32([[1, 0, 1]]), 0);
    expect(b.shape).toEqual([1, 3]);
    expect(data(b)).toEqual([4, 2, 6]);
    expect(data(x().takeAlongAxis(i32([[0], [2]]), -1))).toEqual([1, 6]);
    expect(data(gatherAlong(x(), i32([[0], [2]]), 1))).toEqual([1, 6]);
    expect(data(x().gatherAlong(i32([[0], [2]]), 1))).toEqual([1, 6]);
  });

  it('a middle axis of a 3-D tensor matches a naive loop: out[i,j,k] = x[i, idx[i,j,k], k]', () => {
    const [d0, n, d2, k] = [3, 5, 4, 7];
    const xt = randn([d0, n, d2], { seed: 3 });
    const it = randint(0, n, [d0, k, d2], { seed: 4 });
    const xv = xt.dataSync();
    const iv = it.dataSync();
    const want: number[] = [];
    for (let i = 0; i < d0; i++)
      for (let j = 0; j < k; j++)
        for (let l = 0; l < d2; l++) want.push(xv[(i * n + iv[(i * k + j) * d2 + l]) * d2 + l]);
    const y = takeAlongAxis(xt, it, 1);
    expect(y.shape).toEqual([d0, k, d2]);
    expect(data(y)).toEqual(want);
  });

  it('the gradient scatters back and adds where an index repeats (hand-derived)', () => {
    const w = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const dy = tensor([
      [10, 20, 30, 40],
      [50, 60, 70, 80],
    ]);
    takeAlongAxis(
      w,
      i32([
        [2, 0, 0, 1],
        [1, 1, 2, 0],
      ]),
      1,
    )
      .mul(dy)
      .sum()
      .backward();
    // row 0: x[0,2] += 10, x[0,0] += 20 + 30, x[0,1] += 40; row 1: x[1,1] += 50 + 60, x[1,2] += 70, x[1,0] += 80
    expect(data(w.grad)).toEqual([50, 40, 10, 80, 110, 70]);
  });

  it('matches central differences in float64', () => {
    const xt = randn([3, 4, 2], { seed: 5, dtype: 'float64' });
    const it = randint(0, 4, [3, 6, 2], { seed: 6 });
    const r = gradcheck((a) => takeAlongAxis(a, it, 1), [xt]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  it('refuses what is not unambiguous, before any kernel runs', () => {
    const loose = takeAlongAxis as (...a: unknown[]) => Tensor;
    expect(() => takeAlongAxis(x(), i32([[3], [0]]), 1)).toThrow(AxisError);
    expect(() => takeAlongAxis(x(), i32([[-1], [0]]), 1)).toThrow(AxisError);
    // Off the axis the sizes must match: PyTorch would take row 0 only, NumPy would broadcast.
    expect(() => takeAlongAxis(x(), i32([[0, 1]]), 1)).toThrow(ShapeError);
    expect(() => takeAlongAxis(x(), i32([[0, 1]]), 1)).toThrow(/expand or slice first/);
    expect(() => takeAlongAxis(x(), tensor([0, 1], { dtype: 'int32' }), 1)).toThrow(/expected rank 2/);
    expect(() => takeAlongAxis(x(), tensor([[0], [1]]), 1)).toThrow(DTypeError);
    expect(() => takeAlongAxis(x(), i32([[0], [1]]), 2)).toThrow(AxisError);
    expect(() => loose(x(), 1, i32([[0], [1]]))).toThrow(/torch.gather\(x, dim, index\) is takeAlongAxis/);
    // gather stays index-select; the PyTorch call order is pointed to takeAlongAxis.
    expect(() => (gather as (...a: unknown[]) => Tensor)(x(), 1, i32([[0], [1]]))).toThrow(ArgumentError);
    expect(() => (gather as (...a: unknown[]) => Tensor)(x(), 1, i32([[0], [1]]))).toThrow(/takeAlongAxis/);
    expect(gather(x(), tensor([1, 1], { dtype: 'int32' }), 0).shape).toEqual([2, 3]);
  });

  it('leaves only its result alive outside tidy, and its backward only the gradient', () => {
    const xt = randn([3, 4], { seed: 7 }).requiresGrad_();
    const it = randint(0, 4, [3, 2], { seed: 8 });
    const before = memory().tensors;
    const y = takeAlongAxis(xt, it, 1);
    expect(memory().tensors).toBe(before + 1);
    const s = y.sum();
    s.backward();
    y.dispose();
    s.dispose();
    expect(memory().tensors).toBe(before + 1); // xt.grad
    xt.grad?.dispose();
    expect(memory().tensors).toBe(before);
  });
});
