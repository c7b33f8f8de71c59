/**
 * Index range checks cost no readback per op on device backends, are judged at
 * the next read, stay bounded when nothing is read, and are immediate on
 * host-memory backends (the CPU backend).
 */
import { createCpuBackend } from '@polygrad/backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingCheckCount } from '../../src/deferred-checks.js';
import {
  AxisError,
  type Backend,
  memory,
  nn,
  optim,
  registerBackend,
  removeBackend,
  setBackend,
  softmaxCrossEntropy,
  tensor,
  tidy,
} from '../../src/index.js';

const reads = { sync: 0, async: 0 };

/** The CPU backend as a device would look: no hostMemory, every read counted. */
function countingDevice(): Backend {
  const cpu = createCpuBackend();
  return {
    ...cpu,
    name: 'counting-device',
    capabilities: {},
    read: (h) => {
      reads.async++;
      return cpu.read(h);
    },
    readSync: (h) => {
      reads.sync++;
      return (cpu.readSync as NonNullable<Backend['readSync']>)(h);
    },
  };
}

beforeAll(async () => {
  registerBackend('counting-device', countingDevice);
  await setBackend('counting-device');
});
afterAll(async () => {
  await setBackend('cpu');
  removeBackend('counting-device');
});

function model(): { net: nn.Sequential; opt: optim.SGD } {
  const net = new nn.Sequential(
    new nn.Linear(4, 8, { seed: 1 }),
    new nn.ReLU(),
    new nn.Linear(8, 3, { seed: 2 }),
  );
  return { net, opt: new optim.SGD(net.parameters(), { lr: 0.1 }) };
}

describe('index checks on a device backend', () => {
  it('a training step (cross-entropy forward, backward, SGD) reads nothing back', () => {
    const { net, opt } = model();
    const x = tensor(
      Float32Array.from({ length: 8 }, (_, i) => Math.sin(i)),
      { shape: [2, 4] },
    );
    const y = tensor([0, 2], { dtype: 'int32' });
    reads.sync = 0;
    reads.async = 0;
    for (let i = 0; i < 5; i++) {
      tidy(() => {
        opt.zeroGrad();
        new nn.CrossEntropyLoss().forward(net.forward(x), y).backward();
        opt.step();
      });
    }
    expect(reads).toEqual({ sync: 0, async: 0 });
    // Five steps, one pending (min, max) pair: checks of one op merge on the device.
    expect(pendingCheckCount()).toBe(1);
    const loss = tidy(() => new nn.CrossEntropyLoss().forward(net.forward(x), y));
    expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
    // The read judged the pending check (2 scalar reads) and read the loss.
    expect(reads.sync).toBe(3);
    expect(pendingCheckCount()).toBe(0);
    for (const t of [loss, x, y]) t.dispose();
    net.dispose();
    opt.dispose();
  });

  it('a bad label is reported at the next read, by name, and the pending check is freed', async () => {
    const before = memory().backends['counting-device'];
    const logits = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] });
    const labels = tensor([0, 7], { dtype: 'int32' });
    const loss = softmaxCrossEntropy(logits, labels);
    expect(pendingCheckCount()).toBe(1);
    await expect(loss.data()).rejects.toThrow(AxisError);
    expect(pendingCheckCount()).toBe(0);
    // Thrown once: reading again gives the value (row 1's loss is from an out-of-range label: NaN).
    expect(loss.dataSync()).toHaveLength(2);
    for (const t of [loss, logits, labels]) t.dispose();
    expect(memory().backends['counting-device'].bytes).toBe(before?.bytes ?? 0);
  });

  it('names the label, the bound and the op in the message', () => {
    const loss = softmaxCrossEntropy(
      tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] }),
      tensor([-2, 1], { dtype: 'int32' }),
    );
    expect(() => loss.dataSync()).toThrow(
      /softmaxCrossEntropy: label -2 is out of range for a dimension of size 3 \(smallest -2, largest 1\)/,
    );
  });
});

describe('index checks on a host-memory backend (cpu)', () => {
  it('throw from the op, before its kernel runs', () => {
    expect(() =>
      tidy(() =>
        softmaxCrossEntropy(
          tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3], backend: 'cpu' }),
          tensor([0, 3], { dtype: 'int32', backend: 'cpu' }),
        ),
      ),
    ).toThrow(/label 3 at position 1 is out of range/);
    expect(pendingCheckCount()).toBe(0);
  });
});
