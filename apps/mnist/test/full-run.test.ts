import '@polygrad/backend-cpu';
import { setBackend } from '@polygrad/core';
import { loadMnistPackage } from '@polygrad/core/data/node';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, trainMnist } from '../src/train.js';

/**
 * The threshold is what a ten-seed sweep supports (benchmarks/results/*-mnist-seed-sweep.md):
 * 95.79% ± 0.48% over seeds 1–10, every seed ≥ 95.20%; 94.5% is 2.7 standard deviations
 * below the mean, so another equally correct random stream does not fail it, a regression does.
 */
describe('pnpm mnist with its default settings on the CPU backend', () => {
  it('reaches at least 94.5% test accuracy on the 2,000 held-out real digits', async () => {
    await setBackend('cpu');
    const r = trainMnist(loadMnistPackage(), { ...DEFAULTS, backend: 'cpu' });
    expect(r.trainSize).toBe(8000);
    expect(r.testSize).toBe(2000);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.945);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
  });
});
