/** module.to('float64') (PyTorch's model.double()) converts parameters, gradients and optimizer state in place. */
import '@polygrad/backend-cpu';
import { describe, expect, it } from 'vitest';
import { BackendError, DTypeError, nn, optim, registerBackend, tensor, tidy } from '../../src/index.js';

describe("Module.to('float64')", () => {
  it('converts parameters, gradients and Adam state in place; training continues in float64', () => {
    const model = new nn.Sequential(
      new nn.Linear(3, 4, { seed: 1 }),
      new nn.Tanh(),
      new nn.Linear(4, 1, { seed: 2 }),
    );
    const params = model.parameters();
    const before = params.map((p) => Array.from(p.dataSync()));
    const opt = new optim.Adam(params, { lr: 0.01 });
    const x32 = tensor([[0.5, -1, 2]]);
    tidy(() => {
      model.forward(x32).sum().backward();
      opt.step();
    });
    const stepped = params.map((p) => Array.from(p.dataSync()));
    expect(stepped).not.toEqual(before);
    expect(model.to('float64')).toBe(model);
    // The same Tensor objects, now float64 with the same values.
    expect(model.parameters()).toEqual(params);
    for (const [i, p] of params.entries()) {
      expect(p.dtype).toBe('float64');
      expect(p.grad?.dtype).toBe('float64');
      expect(Array.from(p.dataSync())).toEqual(stepped[i]);
    }
    // Adam's m and v followed: a float64 step works (the update checks state dtypes).
    const x64 = tensor([[0.5, -1, 2]], { dtype: 'float64' });
    tidy(() => {
      opt.zeroGrad();
      model.forward(x64).sum().backward();
      opt.step();
    });
    expect(params[0].dtype).toBe('float64');
    expect(Array.from(params[0].dataSync())).not.toEqual(stepped[0]);
    model.to({ dtype: 'float32' });
    expect(params.every((p) => p.dtype === 'float32')).toBe(true);
    opt.dispose();
    model.dispose();
  });

  it('refuses integer dtypes, unknown keys, and backends named like a dtype', () => {
    const model = new nn.Linear(2, 2);
    expect(() => model.to('int32')).toThrow(DTypeError);
    expect(() => model.to({ dtype: 'float64', device: 'cpu' } as never)).toThrow(/unknown option 'device'/);
    expect(() => registerBackend('float64', () => ({}) as never)).toThrow(BackendError);
    model.dispose();
  });
});
