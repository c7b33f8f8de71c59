/**
 * The suite can fail: a backend whose `exp` is off by a relative 1e-3 must fail
 * the cases that run exp (with a message naming the case, errors and
 * tolerance), and every case that never calls exp must give the same verdict
 * as on the same wrapper with a healthy exp (so a failure elsewhere — e.g. a
 * core bug — does not hide or fake the effect).
 */
import { type BackendKernels, initBackend, type KernelArgs } from '@polygrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CaseResult, type FloatDType, listCases, runCase } from '../src/index.js';
import { registerToyBackend } from './toy-backend.js';

let expCalls = 0;

registerToyBackend('healthy-toy', { fused: true });
registerToyBackend('broken-toy', {
  fused: true,
  override: (cpu: BackendKernels) => ({
    unary: (args: KernelArgs['unary']) => {
      const h = cpu.unary(args);
      if (args.op !== 'exp') return h;
      expCalls++;
      // Corrupt: multiply every exp result by (1 + 1e-3).
      const wrong = cpu.binary({
        op: 'mul',
        a: { handle: h, shape: args.out.shape, dtype: args.out.dtype },
        b: {
          handle: cpu.fill({ value: 1 + 1e-3, out: { shape: [], dtype: args.out.dtype } }),
          shape: [],
          dtype: args.out.dtype,
        },
        out: args.out,
      });
      return wrong;
    },
  }),
});

describe.each(['float32', 'float64'] as const)('a backend with a broken exp (%s)', (dtype: FloatDType) => {
  const results: { result: CaseResult; healthy: CaseResult; calledExp: boolean }[] = [];

  beforeAll(async () => {
    await initBackend('broken-toy');
    for (const c of listCases()) {
      expCalls = 0;
      const result = await runCase('broken-toy', c, { dtype });
      const calledExp = expCalls > 0;
      results.push({ result, healthy: await runCase('healthy-toy', c, { dtype }), calledExp });
    }
  }, 120_000);

  it('fails the cases that exercise exp', () => {
    const failed = new Set(results.filter((r) => !r.result.passed).map((r) => r.result.name));
    for (const name of [
      'forward/unary/exp',
      'property/unary/exp',
      'gradient/unary/exp',
      'forward/reduce/logsumexp',
      'gradient/reduce/logsumexp',
      // The ordinary rows beside the ±1000 rows are judged at their own magnitude (it passed before).
      'stability/reduce/logsumexp-pm1000',
    ]) {
      expect(failed.has(name), `${name} should fail`).toBe(true);
    }
    // Every new failure is a case that ran exp.
    const newFailures = results.filter((r) => !r.result.passed && r.healthy.passed);
    expect(newFailures.length).toBeGreaterThanOrEqual(5);
    expect(newFailures.filter((r) => !r.calledExp).map((r) => r.result.name)).toEqual([]);
  });

  it('gives the healthy verdict on every case that never calls exp', () => {
    const wrong = results
      .filter((r) => !r.calledExp && r.result.passed !== r.healthy.passed)
      .map((r) => `${r.result.name}: ${r.result.message}`);
    expect(wrong).toEqual([]);
    expect(results.filter((r) => !r.calledExp).length).toBeGreaterThan(200);
  });

  it('reports the case, max abs/rel error and the tolerance on failure', () => {
    const r = results.find((x) => x.result.name === 'forward/unary/exp')!.result;
    expect(r.message).toContain('forward/unary/exp');
    expect(r.message).toMatch(/max abs error .* max rel error .* tolerance atol .* rtol/);
    expect(r.maxRelError).toBeGreaterThan(9e-4);
    expect(r.maxRelError).toBeLessThan(1.1e-3);
    expect(r.rtol).toBeLessThan(1e-4);
  });
});
