/**
 * Every TF.js tensor the adapter creates is disposed when core frees its
 * handle: over every conformance case and over a training loop, the TF.js
 * tensors alive (tf.memory().numTensors) are exactly the buffers core holds on
 * the backend — none more — and a training loop returns to its baseline.
 */
import '../src/node.js';
import { listCases, runCase } from '@polygrad/conformance';
import { initBackend, manualSeed, memory, nn, optim, setBackend, tensor, tidy } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

/** Buffers core holds on `name` and on the peers some cases register over its storage (`<name>-…-peer`). */
const coreBuffers = (name: string): number =>
  Object.entries(memory().backends)
    .filter(([n]) => n === name || n.startsWith(`${name}-`))
    .reduce((sum, [, usage]) => sum + usage.buffers, 0);

describe.each(['tfjs-cpu', 'tfjs-wasm'])('%s leaks no TF.js tensor', (name) => {
  it('over every conformance case: TF.js tensors alive = buffers core holds', async () => {
    const backend = await initBackend(name);
    const tfBefore = tf.memory().numTensors;
    const coreBefore = coreBuffers(name);
    const mismatches: string[] = [];
    const failed: string[] = [];
    const cases = listCases();
    for (const c of cases) {
      const r = await runCase(name, c, { dtype: 'float32' });
      if (!r.passed) failed.push(r.message.slice(0, 300));
      const tfAlive = tf.memory().numTensors - tfBefore;
      const held = coreBuffers(name) - coreBefore;
      if (tfAlive !== held || backend.memory().buffers !== held) {
        mismatches.push(`${c.name}: TF.js ${tfAlive}, core ${held}, adapter ${backend.memory().buffers}`);
      }
    }
    expect(cases.length).toBeGreaterThan(300);
    // By name: a bare count of failing cases reads like a number of leaked tensors.
    expect(failed).toEqual([]);
    expect(mismatches).toEqual([]);
  });

  it('over a training loop (SGD with momentum, 50 steps), back to the baseline when disposed', async () => {
    await setBackend(name);
    const tfBefore = tf.memory().numTensors;
    const coreBefore = coreBuffers(name);
    manualSeed(7);
    const model = new nn.Sequential(new nn.Linear(8, 16), new nn.Tanh(), new nn.Linear(16, 4));
    const opt = new optim.SGD(model.parameters(), { lr: 0.05 });
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
      live.push(tf.memory().numTensors - tfBefore);
    }
    // Flat: 4 parameters, their 4 gradients, x and y.
    expect(new Set(live)).toEqual(new Set([10]));
    expect(coreBuffers(name) - coreBefore).toBe(10);
    opt.zeroGrad();
    for (const p of model.parameters()) p.dispose();
    x.dispose();
    y.dispose();
    expect(tf.memory().numTensors).toBe(tfBefore);
    expect(coreBuffers(name)).toBe(coreBefore);
  });
});
