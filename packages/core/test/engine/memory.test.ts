import '@polygrad/backend-cpu';
import { describe, expect, it } from 'vitest';
import {
  add,
  DisposedError,
  dispose,
  keep,
  linear,
  memory,
  mul,
  randn,
  sgdUpdate,
  softmaxCrossEntropy,
  tensor,
  tidy,
} from '../../src/index.js';

describe('memory', () => {
  it('tidy frees intermediates and keeps what it returns', () => {
    const before = memory().tensors;
    const a = tensor([1, 2, 3]);
    const out = tidy(() => add(mul(a, 2), 1));
    expect(memory().tensors).toBe(before + 2);
    expect(Array.from(out.dataSync())).toEqual([3, 5, 7]);
    dispose([a, out]);
    expect(memory().tensors).toBe(before);
  });

  it('keep() survives the scope; nested tidy moves results outward', () => {
    const before = memory().tensors;
    let kept = tensor([0]);
    kept.dispose();
    const r = tidy(() => {
      const inner = tidy(() => {
        kept = keep(tensor([1]));
        return tensor([2]);
      });
      return inner;
    });
    expect(r.isDisposed).toBe(false);
    expect(kept.isDisposed).toBe(false);
    dispose([r, kept]);
    expect(memory().tensors).toBe(before);
  });

  it('using a disposed tensor is a DisposedError naming the op', () => {
    const t = tensor([1]);
    t.dispose();
    expect(() => add(t, 1)).toThrow(DisposedError);
    expect(() => add(t, 1)).toThrow(/^add: tensor #\d+ \[1\] float32 was disposed/);
  });

  it('reshape shares storage: bytes are counted once and freed with the last view', () => {
    const before = memory();
    const a = tensor(new Float32Array(100));
    const b = a.reshape([10, 10]);
    expect(memory().bytes - before.bytes).toBe(400);
    a.dispose();
    expect(b.dataSync().length).toBe(100);
    b.dispose();
    expect(memory().bytes).toBe(before.bytes);
  });

  it('a training loop keeps memory flat', () => {
    const w = randn([8, 4], { seed: 1 }).requiresGrad_();
    const x = randn([16, 4], { seed: 2 });
    const y = tensor(Int32Array.from({ length: 16 }, (_, i) => i % 8));
    const step = (): void =>
      tidy(() => {
        const loss = softmaxCrossEntropy(linear(x, w), y).mean();
        loss.backward();
        sgdUpdate(w, w.grad!, null, { lr: 0.1 });
        w.zeroGrad();
      });
    step();
    const start = memory();
    for (let i = 0; i < 20; i++) step();
    const end = memory();
    expect(end.tensors).toBe(start.tensors);
    expect(end.bytes).toBe(start.bytes);
    dispose([w, x, y]);
  });
});
