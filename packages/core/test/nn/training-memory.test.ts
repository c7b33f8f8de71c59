import '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { memory, nn, optim, randn, setBackend, tensor, tidy } from '../../src/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('a training loop', () => {
  it('keeps memory flat (tidy + in-place optimizer) and decreases the loss', () => {
    const x = randn([32, 8], { seed: 1 });
    const y = tensor(
      Int32Array.from({ length: 32 }, (_, i) => i % 3),
      { dtype: 'int32' },
    );
    const net = new nn.Sequential(
      new nn.Linear(8, 16, { seed: 2 }),
      new nn.ReLU(),
      new nn.Dropout(0.1, { seed: 3 }),
      new nn.Linear(16, 3, { seed: 4 }),
    );
    const opt = new optim.SGD(net.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 });
    const sched = new optim.StepLR(opt, { stepSize: 10, gamma: 0.5 });
    const lossFn = new nn.CrossEntropyLoss();
    const step = (): number =>
      tidy(() => {
        opt.zeroGrad();
        const loss = lossFn.forward(net.forward(x), y);
        loss.backward();
        opt.step();
        sched.step();
        return loss.itemSync();
      });
    const first = step();
    step();
    const live = memory();
    let last = first;
    for (let i = 0; i < 30; i++) last = step();
    expect(memory().tensors).toBe(live.tensors);
    expect(memory().bytes).toBe(live.bytes);
    expect(last).toBeLessThan(first * 0.7);
  });
});
