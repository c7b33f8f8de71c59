/**
 * The graph a result needs lives until its backward ran or it is disposed:
 * PyTorch-shaped code (`const loss = tidy(() => ...); loss.backward()`) gets its
 * gradients; a finished backward frees the graph; a disposed input is a
 * DisposedError naming it and its op.
 */
import '@polygrad/backend-cpu';
import { createCpuBackend } from '@polygrad/backend-cpu';
import { describe, expect, it } from 'vitest';
import {
  BackendError,
  DisposedError,
  DTypeError,
  GradError,
  memory,
  nn,
  registerBackend,
  removeBackend,
  type Tensor,
  tensor,
  tidy,
} from '../../src/index.js';

function model(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(3, 4, { seed: 1 }), new nn.Tanh(), new nn.Linear(4, 2, { seed: 2 }));
}
const x = tensor([
  [1, -2, 0.5],
  [0.3, 0.1, -1],
]);
const grads = (m: nn.Module): number[][] => m.parameters().map((p) => Array.from(p.grad?.dataSync() ?? []));

describe('a result returned from tidy keeps its graph until backward', () => {
  it('gives the same gradients as backward inside tidy, then frees the graph', () => {
    const reference = model();
    tidy(() => reference.forward(x).sum().backward());
    const m = model();
    const before = memory().tensors;
    const loss = tidy(() => m.forward(x).sum());
    // Inside: the graph's intermediates (two linear outputs, tanh) stay alive, owned by the loss.
    expect(memory().tensors).toBeGreaterThan(before + 1);
    loss.backward();
    expect(grads(m)).toEqual(grads(reference));
    expect(grads(m).every((g) => g.length > 0 && g.some((v) => v !== 0))).toBe(true);
    // After backward: only the loss and the four gradients remain.
    expect(memory().tensors).toBe(before + 1 + 4);
    loss.dispose();
    m.zeroGrad();
    expect(memory().tensors).toBe(before);
    reference.dispose();
    m.dispose();
  });

  it('frees the kept graph when the result is disposed without backward', () => {
    const m = model();
    const before = memory();
    const loss = tidy(() => m.forward(x).sum());
    loss.dispose();
    expect(memory().tensors).toBe(before.tensors);
    expect(memory().bytes).toBe(before.bytes);
    m.dispose();
  });

  it('works with nested tidy and two results sharing one graph', () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const before = memory().tensors;
    const [a, b] = tidy(() => {
      const h = tidy(() => w.mul(2).exp());
      return [h.sum(), h.mean()];
    });
    a.backward(undefined, { retainGraph: true });
    b.backward();
    const e = [1, 2, 3].map((v) => 2 * Math.exp(2 * v));
    (w.grad as Tensor).dataSync().forEach((g, i) => {
      expect(g).toBeCloseTo(e[i] + e[i] / 3, 3);
    });
    a.dispose();
    b.dispose();
    expect(memory().tensors).toBe(before + 1); // w.grad
    w.dispose();
  });
});

describe('after backward', () => {
  it('a second backward through the freed graph says to pass retainGraph', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const loss = w.mul(3).sum();
    loss.backward();
    expect(() => loss.backward()).toThrow(GradError);
    expect(() => loss.backward()).toThrow(/a second time.*retainGraph: true/);
    const kept = w.mul(3).sum();
    kept.backward(undefined, { retainGraph: true });
    kept.backward();
    expect(Array.from((w.grad as Tensor).dataSync())).toEqual([9, 9]);
  });

  it('the op temporaries (scalars, casts) are disposed at once, without tidy', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const loss = w.mul(3).add(1).sum();
    const before = memory().tensors;
    loss.backward();
    // + w.grad; − the scalars 3 and 1 that only the graph held.
    expect(memory().tensors).toBe(before + 1 - 2);
  });
});

describe('what cannot work is a clear error', () => {
  it('backward through a disposed intermediate names it and the op', () => {
    const w = tensor([0.5, -1], { requiresGrad: true });
    const h = w.tanh();
    const loss = h.mul(2).sum();
    h.dispose();
    expect(() => loss.backward()).toThrow(DisposedError);
    expect(() => loss.backward()).toThrow(
      new RegExp(`tensor #${h.id} \\[2\\] float32, input 0 of 'mul'.*was disposed before backward ran`),
    );
    expect(w.grad).toBeNull();
  });

  it('a gradient on another backend, or of another dtype, is refused', () => {
    registerBackend('other', () => ({ ...createCpuBackend(), name: 'other' }));
    const w = tensor([1, 2], { requiresGrad: true });
    const y = w.mul(2);
    const g = tensor([1, 1], { backend: 'other' });
    expect(() => y.backward(g)).toThrow(BackendError);
    expect(() => y.backward(g)).toThrow(/gradient is on backend 'other' but the tensor on 'cpu'/);
    expect(() => y.backward(tensor([1, 1], { dtype: 'float64' }))).toThrow(DTypeError);
    expect(w.grad).toBeNull();
    g.dispose();
    removeBackend('other');
  });
});
