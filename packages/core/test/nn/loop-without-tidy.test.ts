/**
 * A training loop written without tidy: a finished backward frees its graph
 * (holding the loss no longer holds the step's intermediates), the op
 * temporaries are disposed at once, and when live tensors still grow at every
 * step a single warning gives the fix.
 */
import '@polygrad/backend-cpu';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { graphTensors } from '../../src/autograd/graph-lifetime.js';
import { GROWTH_STEPS, resetMemoryGrowth } from '../../src/autograd/memory-growth.js';
import { memory, nn, optim, randn, setMemoryWarnings, tensor, tidy } from '../../src/index.js';

afterEach(() => {
  vi.restoreAllMocks();
  resetMemoryGrowth();
  setMemoryWarnings(true);
});

/** MNIST size: 784 → 128 → 10, batch 64. */
function setup() {
  const x = randn([64, 784], { seed: 1 });
  const y = tensor(
    Int32Array.from({ length: 64 }, (_, i) => i % 10),
    { dtype: 'int32' },
  );
  const model = new nn.Sequential(
    new nn.Linear(784, 128, { seed: 2 }),
    new nn.ReLU(),
    new nn.Linear(128, 10, { seed: 3 }),
  );
  const opt = new optim.SGD(model.parameters(), { lr: 0.05 });
  const lossFn = new nn.CrossEntropyLoss();
  return { x, y, model, opt, lossFn };
}

describe('a training loop without tidy', () => {
  it('a finished backward keeps only the loss reachable from it, not the step graph', () => {
    const { x, y, model, opt, lossFn } = setup();
    const loss = lossFn.forward(model.forward(x), y);
    const graph = graphTensors([loss]);
    // Before backward the loss reaches the input, the parameters and every intermediate.
    expect(graph.size).toBeGreaterThan(8);
    loss.backward();
    opt.step();
    expect(graphTensors([loss]).size).toBe(1);
    expect(Number.isFinite(loss.itemSync())).toBe(true);
    opt.zeroGrad();
    model.dispose();
  });

  it('grows by the user-visible intermediates only, and warns once with the fix', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { x, y, model, opt, lossFn } = setup();
    const counts: { tensors: number; bytes: number }[] = [];
    for (let step = 0; step < GROWTH_STEPS + 4; step++) {
      opt.zeroGrad();
      const loss = lossFn.forward(model.forward(x), y);
      loss.backward();
      opt.step();
      counts.push({ tensors: memory().tensors, bytes: memory().bytes });
    }
    const perStep = counts[counts.length - 1].tensors - counts[counts.length - 2].tensors;
    const bytesPerStep = counts[counts.length - 1].bytes - counts[counts.length - 2].bytes;
    // Linear, ReLU, Linear, per-sample loss, its sum, the mean: 6 (the scalar divisor and the
    // backward seed are freed at once). They wait for the garbage collector.
    expect(perStep).toBe(6);
    expect(bytesPerStep).toBe(64 * 128 * 4 * 2 + 64 * 10 * 4 + 64 * 4 + 4 + 4);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(
      /live tensors grew at each of the last 10 backward\(\) calls.*Run each training step inside tidy/,
    );
    opt.zeroGrad();
    model.dispose();
  });

  it('stays silent for a loop with tidy, or with warnings off', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { x, y, model, opt, lossFn } = setup();
    for (let step = 0; step < GROWTH_STEPS + 4; step++) {
      tidy(() => {
        opt.zeroGrad();
        lossFn.forward(model.forward(x), y).backward();
        opt.step();
      });
    }
    setMemoryWarnings(false);
    for (let step = 0; step < GROWTH_STEPS + 4; step++) {
      opt.zeroGrad();
      lossFn.forward(model.forward(x), y).backward();
      opt.step();
    }
    expect(warn).not.toHaveBeenCalled();
    opt.zeroGrad();
    model.dispose();
  });
});
