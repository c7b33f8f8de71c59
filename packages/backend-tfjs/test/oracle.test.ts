/**
 * TF.js as a second reference: `runConformance(name, { oracle: 'tfjs' })`
 * runs the forward-value cases on tfjs-cpu too and compares, beside the
 * float64 reference. It catches a backend that agrees with a wrong reference,
 * says when it cannot compare, and is reachable from the CLI (--oracle tfjs).
 */
import '@polygrad/backend-cpu';
import '../src/node.js';
import { createCpuBackend } from '@polygrad/backend-cpu';
import { type ConformanceCase, ORACLE_CATEGORIES, runCase, runConformance } from '@polygrad/conformance';
import { main } from '@polygrad/conformance/cli';
import { type Backend, BackendError, exp, PRIMITIVE_KERNELS, registerBackend } from '@polygrad/core';
import { describe, expect, it } from 'vitest';

/** The CPU backend with `exp` scaled by `factor` (float32 only, like a TF.js backend). */
function expScaled(name: string, factor: number): Backend {
  const cpu = createCpuBackend();
  const kernels = Object.fromEntries(
    PRIMITIVE_KERNELS.map((k) => [k, cpu.kernels[k]]),
  ) as unknown as Backend['kernels'];
  kernels.unary = (a) => {
    const h = cpu.kernels.unary(a);
    if (a.op !== 'exp') return h;
    const v = cpu.readSync!(h).map((x) => x * factor);
    cpu.free(h);
    return cpu.upload(v, a.out.dtype);
  };
  return { ...cpu, name, dtypes: ['float32', 'int32', 'bool'], precision: 'float32', kernels };
}
registerBackend('exp-off', () => expScaled('exp-off', 1.001));

/** A forward case whose "reference" is wrong the same way exp-off is: only a second reference can tell. */
const wrongReference: ConformanceCase = {
  name: 'test/exp-vs-a-wrong-reference',
  kernel: 'unary',
  category: 'forward',
  dtypes: ['float32', 'float64'],
  async run(ctx) {
    const x = [0.5, 1, 2];
    const t = ctx.tensor(x, [3]);
    const y = exp(t);
    const actual = await ctx.read(y);
    t.dispose();
    y.dispose();
    const expected = ctx.stored(x).map((v) => Math.exp(v) * 1.001);
    return [{ kind: 'numeric', label: 'exp', actual, expected, dtype: ctx.dtype, inputs: [ctx.stored(x)] }];
  },
};

describe("runConformance(…, { oracle: 'tfjs' })", () => {
  it('compares every forward-value case of the CPU backend with TF.js, and they agree', async () => {
    const report = await runConformance('cpu', { oracle: 'tfjs', categories: ORACLE_CATEGORIES });
    expect(report.summary.failed).toBe(0);
    const o = report.summary.oracle!;
    expect(o.backend).toBe('tfjs-cpu');
    expect(o.failed).toBe(0);
    // Nearly all compared; the rest say why not (e.g. float64-only cases).
    expect(o.compared).toBeGreaterThan(0.9 * report.summary.total);
    for (const r of report.results) {
      expect(r.oracle, r.name).toBeDefined();
      if (r.oracle?.status === 'unavailable') expect(r.oracle.message).not.toBe('');
    }
  });

  it('leaves the other categories alone', async () => {
    const report = await runConformance('cpu', { oracle: 'tfjs', categories: ['gradient', 'leak'] });
    expect(report.results.every((r) => r.oracle === undefined)).toBe(true);
    expect(report.summary.oracle).toEqual({ backend: 'tfjs-cpu', compared: 0, failed: 0, unavailable: 0 });
  });

  it('fails a backend that disagrees with TF.js, naming the oracle', async () => {
    const report = await runConformance('exp-off', { oracle: 'tfjs', filter: 'forward/unary/exp' });
    const r = report.results.find((x) => x.name === 'forward/unary/exp')!;
    expect(r.passed).toBe(false);
    expect(r.oracle).toMatchObject({ backend: 'tfjs-cpu', status: 'compared', passed: false });
    expect(r.oracle!.maxRelError).toBeGreaterThan(9e-4);
    expect(r.message).toContain("disagrees with oracle 'tfjs-cpu'");
    expect(r.message).toContain('vs oracle tfjs-cpu');
  });

  it('catches a backend that agrees with a wrong float64 reference', async () => {
    const r = await runCase('exp-off', wrongReference, { dtype: 'float32', oracle: 'tfjs' });
    expect(r.maxRelError).toBeLessThan(1e-6); // agrees with the (wrong) reference...
    expect(r.oracle?.status).toBe('compared');
    expect(r.oracle?.passed).toBe(false); // ...but not with TF.js
    expect(r.passed).toBe(false);
    const without = await runCase('exp-off', wrongReference, { dtype: 'float32' });
    expect(without.passed).toBe(true);
  });

  it('says when TF.js itself disagrees with the reference', async () => {
    const caught = await runCase('exp-off', wrongReference, { dtype: 'float32', oracle: 'tfjs' });
    expect(caught.oracle?.matchesReference).toBe(false);
    expect(caught.message).toContain('the oracle itself disagrees with the float64 reference here');
    // A correct backend fails against the wrong reference and agrees with TF.js.
    const correct = await runCase('cpu', wrongReference, { dtype: 'float32', oracle: 'tfjs' });
    expect(correct.passed).toBe(false);
    expect(correct.oracle).toMatchObject({ status: 'compared', passed: true, matchesReference: false });
  });

  it('says why it cannot compare float64 runs (TF.js has no float64)', async () => {
    const r = await runCase('cpu', wrongReference, { dtype: 'float64', oracle: 'tfjs' });
    expect(r.oracle).toMatchObject({
      status: 'unavailable',
      message: "oracle 'tfjs-cpu' does not store float64",
    });
  });

  it('rejects an oracle that is the backend under test, or one that cannot run', async () => {
    await expect(runConformance('tfjs-cpu', { oracle: 'tfjs', filter: 'exp' })).rejects.toThrow(BackendError);
    await expect(runConformance('cpu', { oracle: 'tfjs-webgl', filter: 'exp' })).rejects.toThrow(
      /oracle 'tfjs-webgl' cannot run \(import '@polygrad\/backend-tfjs' with '@tensorflow\/tfjs-backend-webgl' installed/,
    );
  });
});

describe('polygrad-conformance --oracle tfjs', () => {
  it('runs the comparison and reports its counts', async () => {
    let out = '';
    let err = '';
    const code = await main(
      ['--import', '@polygrad/backend-cpu', '--backend', 'cpu', '--oracle', 'tfjs', '--category', 'forward'],
      {
        stdout: { write: (s: string) => (out += s) },
        stderr: { write: (s: string) => (err += s) },
        cwd: process.cwd(),
      },
    );
    expect(code, err).toBe(0);
    expect(out).toMatch(/second reference: oracle 'tfjs-cpu' — \d+ cases compared, 0 disagree/);
  });
});
