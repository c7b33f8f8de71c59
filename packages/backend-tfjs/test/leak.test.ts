/**
 * Every TF.js tensor the adapter creates is disposed when core frees its
 * handle: TF.js's own count (tf.memory().numTensors) is back where it started
 * after the whole conformance suite and after a training loop.
 */
import '../src/node.js';
import { runConformance } from '@polygrad/conformance';
import { initBackend, manualSeed, memory, nn, optim, setBackend, tensor, tidy } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

describe.each(['tfjs-cpu', 'tfjs-wasm'])('%s leaks no TF.js tensor', (name) => {
  it('over the whole conformance suite', async () => {
    const backend = await initBackend(name);
    const before = tf.memory().numTensors;
    const report = await runConformance(name, { dtype: 'float32' });
    expect(report.summary.failed).toBe(0);
    expect(report.summary.total).toBeGreaterThan(300);
    expect(tf.memory().numTensors).toBe(before);
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
  });

  it('over a training loop (SGD with momentum, 50 steps)', async () => {
    await setBackend(name);
    const backend = await initBackend(name);
    const before = tf.memory().numTensors;
    const coreBefore = memory().tensors;
    manualSeed(7);
    const model = new nn.Sequential(new nn.Linear(8, 16), new nn.Tanh(), new nn.Linear(16, 4));
    const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    const lossFn = new nn.CrossEntropyLoss();
    const x = tensor(
      Array.from({ length: 64 * 8 }, (_, i) => Math.sin(i * 0.37)),
      { shape: [64, 8] },
    );
    const y = tensor(
      Array.from({ length: 64 }, (_, i) => i % 4),
      { shape: [64], dtype: 'int32' },
    );
    const live: number[] = [];
    for (let step = 0; step < 50; step++) {
      tidy(() => {
        opt.zeroGrad();
        lossFn.forward(model.forward(x), y).backward();
        opt.step();
      });
      live.push(tf.memory().numTensors);
    }
    // Flat from the second step on (the first step creates the momentum buffers).
    expect(new Set(live.slice(1)).size).toBe(1);
    // One TF.js tensor per live Polygrad tensor: 4 parameters, 4 velocities, 4 grads, x, y.
    expect(live[49] - before).toBe(memory().tensors - coreBefore);
    expect(backend.memory().buffers).toBe(memory().tensors - coreBefore);
  });
});
