import '@polygrad/backend-cpu';
import { setBackend } from '@polygrad/core';
import { loadMnistPackage } from '@polygrad/core/data/node';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, trainMnist } from '../src/train.js';

describe('pnpm mnist with its default settings (the issue asks for >= 96% on the CPU backend)', () => {
  it('reaches at least 96% test accuracy on the 2,000 held-out real digits', async () => {
    await setBackend('cpu');
    const r = trainMnist(loadMnistPackage(), { ...DEFAULTS, backend: 'cpu' });
    expect(r.trainSize).toBe(8000);
    expect(r.testSize).toBe(2000);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.96);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
  });
});
