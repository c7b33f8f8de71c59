import { createCpuBackend } from '@polygrad/backend-cpu';
import '@polygrad/backend-wasm';
// Registers 'webgl' (headless-gl); where it cannot start it is unavailable and not compared.
import '@polygrad/backend-webgl';
import {
  type Backend,
  type BackendKernels,
  listBackends,
  PRIMITIVE_KERNELS,
  registerBackend,
  setBackend,
} from '@polygrad/core';
import { loadMnistPackage, type MnistArrays } from '@polygrad/core/data/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args.js';
import { DEFAULTS, type TrainResult, trainMnist } from '../src/train.js';

/** The CPU backend's primitives only: every fused kernel falls back to core's composition. */
function primitivesOnly(): Backend {
  const cpu = createCpuBackend();
  const kernels = Object.fromEntries(
    PRIMITIVE_KERNELS.map((k) => [k, cpu.kernels[k]]),
  ) as unknown as BackendKernels;
  return { ...cpu, name: 'cpu-primitives', kernels };
}

let data: MnistArrays;
beforeAll(async () => {
  registerBackend('cpu-primitives', primitivesOnly, { priority: -1 });
  await setBackend('cpu');
  data = loadMnistPackage();
});

const small = { ...DEFAULTS, epochs: 2, limit: 640, batch: 64 };

describe('mnist app', () => {
  it('loads the 10,000 real digits of the mnist package', () => {
    expect(data.labels.length).toBe(10000);
    expect(data.images.length).toBe(10000 * 784);
    const counts = new Array<number>(10).fill(0);
    for (const l of data.labels) counts[l]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
    let max = 0;
    for (const v of data.images) max = Math.max(max, v);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
  });

  it('learns: loss falls and held-out accuracy is far above chance after a small run', () => {
    const r = trainMnist(data, { ...small, backend: 'cpu' });
    expect(r.history[1].loss).toBeLessThan(r.history[0].loss);
    expect(r.testAccuracy).toBeGreaterThan(0.75);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
  });

  it('the same seed gives the same loss curve on every backend (float32 tolerance)', async () => {
    const available = (await listBackends()).filter((b) => b.available).map((b) => b.name);
    expect(available).toContain('cpu-primitives');
    expect(available).toContain('wasm');
    const runs: Record<string, TrainResult> = {};
    for (const name of available) runs[name] = trainMnist(data, { ...small, epochs: 1, backend: name });
    const ref = runs.cpu.batchLosses;
    for (const name of available) {
      const losses = runs[name].batchLosses;
      expect(losses.length).toBe(ref.length);
      const worst = Math.max(...losses.map((l, i) => Math.abs(l - ref[i]) / Math.max(1, Math.abs(ref[i]))));
      // float32 rounding differences between fused kernels and compositions, amplified over 10 steps
      expect(worst, `${name} vs cpu: worst relative loss difference ${worst}`).toBeLessThan(1e-4);
    }
  });

  it('parses the CLI flags the issue names', () => {
    const o = parseArgs([
      '--backend',
      'cpu',
      '--epochs',
      '3',
      '--hidden',
      '64',
      '--batch',
      '32',
      '--lr',
      '0.01',
      '--dropout',
      '0.1',
      '--seed',
      '7',
    ]);
    expect(o).toMatchObject({
      backend: 'cpu',
      epochs: 3,
      hidden: 64,
      batch: 32,
      lr: 0.01,
      dropout: 0.1,
      seed: 7,
    });
    expect(() => parseArgs(['--epochs', 'x'])).toThrow(/--epochs x: expected a number/);
    expect(() => parseArgs(['--bogus', '1'])).toThrow(/unknown flag --bogus/);
  });
});
