/**
 * Declared capabilities are reported, never counted as passes: a backend that
 * declines fused kernels and `random` gets core's fallbacks (composition, host
 * generator), whose cases must still pass and are reported as declined; a
 * backend that declines a primitive kernel for a dtype it claims fails those cases.
 */
import { memory, randn, setBackend } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { listCases, runCase, runConformance } from '../src/index.js';
import { registerToyBackend } from './toy-backend.js';

registerToyBackend('declining-toy', {
  fused: true,
  capabilities: {
    declines: {
      linear: 'no fused linear here',
      random: { float32: 'no float32 random on this device' },
    },
  },
});
registerToyBackend('primitive-declining-toy', {
  fused: true,
  capabilities: { declines: { matmul: { float32: 'matmul unavailable in float32' } } },
});

describe('declined kernels', () => {
  it('reports fused and random cases as declined (they ran on core fallbacks and passed)', async () => {
    const report = await runConformance('declining-toy', { dtype: 'float32', kernels: ['linear', 'random'] });
    const declined = report.results.filter((r) => r.declined);
    expect(declined.length).toBeGreaterThan(3);
    for (const r of declined) {
      expect(r.status).toBe('declined');
      expect(r.message).toMatch(/^declined: /);
    }
    expect(report.summary.declined).toBe(declined.length);
    expect(
      report.summary.failed,
      report.results
        .filter((r) => !r.passed)
        .map((r) => r.message)
        .join('\n'),
    ).toBe(0);
    // float64 random is not declined, so those cases pass normally.
    const f64 = await runConformance('declining-toy', { dtype: 'float64', kernels: ['random'] });
    expect(f64.summary.declined).toBe(0);
    expect(f64.summary.passed).toBeGreaterThan(0);
  });

  it('host-generated random numbers equal the kernel ones (same seed, same numbers)', async () => {
    await setBackend('declining-toy');
    const before = memory().tensors;
    const host = randn([1000], { seed: 7 });
    await setBackend('cpu');
    const dev = randn([1000], { seed: 7 });
    expect(Array.from(host.dataSync())).toEqual(Array.from(dev.dataSync()));
    host.dispose();
    dev.dispose();
    expect(memory().tensors).toBe(before);
  });

  it('fails cases whose primitive kernel is declined for a dtype the backend claims', async () => {
    const c = listCases({ kernels: ['matmul'] })[0];
    const r = await runCase('primitive-declining-toy', c, { dtype: 'float32' });
    expect(r.passed).toBe(false);
    expect(r.declined).toBe(false);
    expect(r.message).toMatch(/declines the primitive kernel 'matmul'/);
  });
});
