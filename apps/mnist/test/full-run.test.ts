import '@polygrad/backend-cpu';
import { setBackend } from '@polygrad/core';
import { loadMnistPackage } from '@polygrad/core/data/node';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, trainMnist } from '../src/train.js';

/**
 * The threshold is the claim of issue #10, and a ten-seed sweep supports it with room
 * (benchmarks/results/2026-11-27-amd-epyc-2c-mnist-augmented-seed-sweep.md): the default
 * recipe (shifts of ±1 pixel, 20 epochs) reaches 97.46% ± 0.25% over seeds 1–10, every seed
 * ≥ 97.10%, seed 1 97.50%. 96% is 5.8 seed-to-seed sd below the mean and 4.2 binomial sd of
 * the 2,000-digit test split alone (0.35 points), so another equally correct random stream does
 * not fail it. Losing the augmentation costs about 1.4 points (96.00% on the five hardest seeds
 * without it), which this single-seed test catches about half the time; a wrong gradient or a
 * starved class costs several points and always fails it.
 */
describe('pnpm mnist with its default settings on the CPU backend', () => {
  it('reaches at least 96% test accuracy on the 2,000 held-out real digits', async () => {
    await setBackend('cpu');
    const r = trainMnist(loadMnistPackage(), { ...DEFAULTS, backend: 'cpu' });
    expect(r.trainSize).toBe(8000);
    expect(r.testSize).toBe(2000);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.96);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
  });
});
