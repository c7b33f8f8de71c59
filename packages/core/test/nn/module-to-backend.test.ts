import '@polygrad/backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackendError,
  getBackend,
  nn,
  optim,
  registerBackend,
  removeBackend,
  setBackend,
  sum,
  tensor,
} from '../../src/index.js';

// A second backend object (the CPU kernels under another name) to move modules between.
beforeAll(async () => {
  await setBackend('cpu');
  const cpu = getBackend();
  registerBackend('cpu-second', () => ({ ...cpu, name: 'cpu-second' }), { priority: 0 });
});
afterAll(async () => {
  removeBackend('cpu-second');
  await setBackend('cpu');
});

describe('Module.to / toAsync', () => {
  it('moves parameters and gradients in place, so an optimizer built before keeps working', async () => {
    const net = new nn.Sequential(
      new nn.Linear(3, 4, { seed: 1 }),
      new nn.ReLU(),
      new nn.Linear(4, 1, { seed: 2 }),
    );
    const params = net.parameters();
    const opt = new optim.SGD(params, { lr: 0.1, momentum: 0.9 });
    sum(net.forward(tensor([[1, 2, 3]]))).backward();
    opt.step(); // creates momentum buffers on 'cpu'
    const before = params.map((p) => p.arraySync());

    net.to('cpu-second');
    expect(net.parameters()).toEqual(params);
    expect(params.every((p) => p.backendName === 'cpu-second')).toBe(true);
    expect(params.every((p) => p.grad?.backendName === 'cpu-second')).toBe(true);
    expect(params.map((p) => p.arraySync())).toEqual(before);

    // Inputs on the old backend are rejected clearly; on the new one it trains.
    expect(() => net.forward(tensor([[1, 2, 3]]))).toThrow(BackendError);
    opt.step();
    const x = tensor([[1, 2, 3]], { backend: 'cpu-second' });
    expect(net.forward(x).backendName).toBe('cpu-second');

    await net.toAsync('cpu');
    expect(params.every((p) => p.backendName === 'cpu')).toBe(true);
  });
});
