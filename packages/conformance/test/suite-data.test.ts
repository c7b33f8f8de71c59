/** The suite as data: every kernel covered, names unique, tolerances follow the documented formula. */
import '@polygrad/backend-cpu';
import { KERNEL_NAMES, listBackends, memory } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  elementAtol,
  evaluateChecks,
  kernelCoverage,
  listCases,
  machineEpsilon,
  runCase,
  runConformance,
  tolerance,
} from '../src/index.js';

describe('case list', () => {
  it('covers every kernel in KERNELS, and has a leak case for each', () => {
    const cov = kernelCoverage();
    for (const k of KERNEL_NAMES) {
      expect(Object.keys(cov[k]).length, `${k} has no case`).toBeGreaterThan(0);
      expect(cov[k].leak, `${k} has no leak case`).toBe(1);
    }
  });
  it('uses every category and unique names', () => {
    const cases = listCases();
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const cat of CATEGORIES)
      expect(
        cases.some((c) => c.category === cat),
        cat,
      ).toBe(true);
  });
  it("includes the size tier by default; tier 'quick' leaves out exactly the size cases", () => {
    const all = listCases();
    const quick = listCases({ tier: 'quick' });
    const size = all.filter((c) => c.category === 'size');
    expect(size.length).toBeGreaterThan(100);
    expect(quick.length).toBe(all.length - size.length);
    expect(quick.some((c) => c.category === 'size')).toBe(false);
    expect(listCases({ tier: 'quick', categories: ['size'] })).toEqual([]);
  });
  it('filters by category, kernel and name', () => {
    expect(listCases({ categories: ['leak'] }).length).toBe(KERNEL_NAMES.length);
    expect(listCases({ kernels: ['matmul'] }).every((c) => c.kernel === 'matmul')).toBe(true);
    expect(listCases({ filter: /^forward\/unary\// }).length).toBeGreaterThan(20);
  });
});

describe('tolerance', () => {
  it('derives from precision and dtype only', () => {
    expect(machineEpsilon('float64', 'float64')).toBe(2 ** -52);
    expect(machineEpsilon('float64', 'float32')).toBe(2 ** -23);
    expect(machineEpsilon('float32', 'float64')).toBe(2 ** -23);
    expect(machineEpsilon('reduced', 'float32')).toBe(2 ** -10);
    expect(tolerance('float64', 'int32')).toEqual({ atol: 0, rtol: 0 });
    const t = tolerance('float32', 'float32', 16, 10);
    expect(t.rtol).toBeCloseTo(8 * 2 ** -23 * 4, 20);
    expect(t.atol).toBeCloseTo(t.rtol * 10, 20);
    // A per-element error scale has no floor of 1 (relative-error outputs like softmax).
    expect(elementAtol('float32', 'float32', 16, 1e-3)).toBeCloseTo(t.rtol * 1e-3, 25);
  });
  it('judges elements with their own error scale when a check gives one', () => {
    const check = (scale?: number[]) =>
      evaluateChecks(
        [
          {
            kind: 'numeric',
            label: 'x',
            actual: [1e-3 * (1 + 1e-4), 1],
            expected: [1e-3, 1],
            dtype: 'float32',
            k: 1,
            scale,
          },
        ],
        'float32',
      ).passed;
    expect(check()).toBe(true); // 1e-7 absolute hides under atol = rtol · 1
    expect(check([1e-3, 1])).toBe(false); // relative to the 1e-3 output it is 1e-4: fails
  });
});

describe('runConformance report', () => {
  it('summarises per case and per category', async () => {
    const r = await runConformance('cpu', { dtype: 'float32', categories: ['forward'], kernels: ['unary'] });
    expect(r.summary.total).toBe(r.results.length);
    expect(r.summary.byCategory.forward.passed).toBe(r.summary.passed);
    for (const res of r.results) {
      expect(res).toMatchObject({ kernel: 'unary', category: 'forward', dtype: 'float32' });
      expect(Number.isFinite(res.maxAbsError)).toBe(true);
      expect(res.toleranceUsed).toBeGreaterThanOrEqual(0);
      expect(res.toleranceUsed).toBeLessThan(1);
      expect(res.toleranceUsed).toBeDefined();
    }
  });
  it('calls onResult once per case, in order, with the total', async () => {
    const seen: [string, number, number][] = [];
    const r = await runConformance('cpu', {
      dtype: 'float32',
      kernels: ['matmul'],
      onResult: (res, done, total) => {
        seen.push([res.name, done, total]);
      },
    });
    expect(seen.map((s) => s[0])).toEqual(r.results.map((x) => x.name));
    expect(seen.map((s) => s[1])).toEqual(r.results.map((_, i) => i + 1));
    expect(seen.every((s) => s[2] === r.results.length)).toBe(true);
  });
  it('awaits a promise onResult returns before the next case (a page yields to its event loop there)', async () => {
    const events: string[] = [];
    await runConformance('cpu', {
      dtype: 'float32',
      kernels: ['matmul'],
      onResult: async (res) => {
        events.push(`start ${res.name}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        events.push(`end ${res.name}`);
      },
    });
    expect(events.length).toBeGreaterThan(2);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i].replace('start ', 'end ')).toBe(events[i + 1]);
    }
  });
});

describe('toleranceUsed', () => {
  const check = (actual: number[], expected: number[]) => ({
    kind: 'numeric' as const,
    label: 'x',
    actual,
    expected,
    dtype: 'float32' as const,
  });
  it('is the worst element error over atol + rtol·|expected|, for passing and failing checks', () => {
    const { atol, rtol } = tolerance('float32', 'float32');
    const err = 0.5 * (atol + rtol * 2);
    const half = evaluateChecks([check([1, 2 + err], [1, 2])], 'float32');
    expect(half.passed).toBe(true);
    expect(half.toleranceUsed).toBeCloseTo(0.5, 3);
    const over = evaluateChecks([check([1 + 3 * (atol + rtol), 2], [1, 2])], 'float32');
    expect(over.passed).toBe(false);
    expect(over.toleranceUsed).toBeCloseTo(3, 3);
  });
});

describe('mixing backends with only one registered', () => {
  it('runs (not skipped) through a temporary peer backend, removed afterwards', async () => {
    // This file registers only the CPU backend.
    expect((await listBackends()).map((b) => b.name)).toEqual(['cpu']);
    const [c] = listCases({ filter: 'errors/backend/mixing-backends' });
    const r = await runCase('cpu', c, { dtype: 'float32' });
    expect(r.skipped, r.message).toBe(false);
    expect(r.passed, r.message).toBe(true);
    expect((await listBackends()).map((b) => b.name)).toEqual(['cpu']);
    expect(memory().backends['cpu-conformance-peer']?.tensors ?? 0).toBe(0);
    // The CPU backend survived the peer's removal.
    const again = await runConformance('cpu', {
      dtype: 'float32',
      categories: ['module'],
      filter: 'linear/bias',
    });
    expect(again.summary.passed).toBe(1);
  });
});
