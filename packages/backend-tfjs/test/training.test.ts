/**
 * A user trains a Polygrad model on TF.js kernels by changing one setBackend
 * call: the same script, seed and data on the CPU backend and on tfjs-cpu /
 * tfjs-wasm start from the same weights (core's counter-based generator) and
 * follow the same loss curve up to float32 rounding.
 */
import '@polygrad/backend-cpu';
import '../src/node.js';
import { manualSeed, memory, nn, optim, setBackend, type Tensor, tensor, tidy } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

/** Two interleaved spirals-ish classes: a task an MLP learns in a few dozen Adam steps. */
function dataset(n: number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 3;
    const r = (i / n) * 2 + 0.2;
    const a = label * 2.1 + r * 1.7 + Math.sin(i * 12.9898) * 0.15;
    x.push(r * Math.cos(a), r * Math.sin(a));
    y.push(label);
  }
  return { x, y };
}

async function train(backend: string, steps: number): Promise<{ losses: number[]; firstWeight: number[] }> {
  await setBackend(backend); // the one line that changes
  manualSeed(42);
  const model = new nn.Sequential(new nn.Linear(2, 32), new nn.ReLU(), new nn.Linear(32, 3));
  const opt = new optim.Adam(model.parameters(), { lr: 0.02 });
  const lossFn = new nn.CrossEntropyLoss();
  const { x, y } = dataset(96);
  const xs = tensor(x, { shape: [96, 2] });
  const ys = tensor(y, { shape: [96], dtype: 'int32' });
  const firstWeight = Array.from(model.parameters()[0].dataSync()).slice(0, 8);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const loss = tidy(() => {
      opt.zeroGrad();
      const l: Tensor = lossFn.forward(model.forward(xs), ys);
      l.backward();
      opt.step();
      return l.dataSync()[0];
    });
    losses.push(loss);
  }
  for (const p of model.parameters()) p.dispose();
  opt.zeroGrad();
  xs.dispose();
  ys.dispose();
  return { losses, firstWeight };
}

describe('training on TF.js kernels', () => {
  it('tfjs-cpu and tfjs-wasm follow the CPU backend from the same seed, and free every tensor', async () => {
    const reference = await train('cpu', 60);
    expect(reference.losses[59]).toBeLessThan(reference.losses[0] * 0.5);
    for (const name of ['tfjs-cpu', 'tfjs-wasm']) {
      await setBackend(name);
      const tfBefore = tf.memory().numTensors;
      const coreBefore = memory().tensors;
      const run = await train(name, 60);
      // Same generator, same seed: the initial weights agree to float32 rounding.
      for (let i = 0; i < 8; i++) expect(run.firstWeight[i]).toBeCloseTo(reference.firstWeight[i], 6);
      // The same curve (loss 1.33 → 0.11): float32 rounding differences stay near 1e-7 over 60 Adam steps.
      for (let s = 0; s < 60; s++) {
        expect(Math.abs(run.losses[s] - reference.losses[s]), `${name} step ${s}`).toBeLessThan(1e-5);
      }
      // What is still alive is the optimizer's state (Adam's m and v per parameter; optimizers have no
      // dispose): exactly one TF.js tensor per live Polygrad tensor, nothing else.
      const live = memory().tensors - coreBefore;
      expect(live).toBe(8);
      expect(tf.memory().numTensors - tfBefore).toBe(live);
    }
  });
});
