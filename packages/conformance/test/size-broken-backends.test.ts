/**
 * Negative controls for the size tier and the decision points: toy backends
 * that are wrong only at sizes or values the suite did not cover before (a
 * blocked GEMM's edge tile, a reduction past its first block, an elementwise
 * kernel past element 4096, a long softmax row, relu's gradient just below
 * zero). Each must fail the suite, in float32 and float64, on cases where its
 * breakage really ran — and none of them is caught by the rest of the suite
 * (the cases that existed before the size tier): that part is the reason the
 * tier exists.
 */
import type { Backend, BackendKernels, DataHandle, DType, KernelArgs, TypedArray } from '@polygrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CaseResult, type ConformanceCase, type FloatDType, listCases, runCase } from '../src/index.js';
import { registerToyBackend } from './toy-backend.js';

type Breakage = (cpu: BackendKernels, backend: Backend, fired: () => void) => Partial<BackendKernels>;

const isFloat = (d: DType) => d === 'float32' || d === 'float64';

/** Read a CPU handle, change some values, upload the result as a new handle (the old one is freed). */
function corrupt(
  backend: Backend,
  h: DataHandle,
  dtype: DType,
  change: (values: TypedArray) => void,
): DataHandle {
  const values = backend.readSync!(h).slice();
  backend.free(h);
  change(values);
  return backend.upload(values, dtype);
}

const off = (v: number) => v * (1 + 1e-3);
const scaleAll = (v: TypedArray) => {
  for (let i = 0; i < v.length; i++) v[i] = off(v[i]);
};

/** relu backward that lets dy through where `leaks(x)` although x <= 0. */
function leakReluGradient(
  cpu: BackendKernels,
  backend: Backend,
  args: KernelArgs['activationBackward'],
  leaks: (x: number) => boolean,
  fired: () => void,
): DataHandle {
  const h = cpu.activationBackward!(args);
  if (args.op !== 'relu') return h;
  const x = backend.readSync!(args.x.handle);
  const dy = backend.readSync!(args.dy.handle);
  if (!x.some(leaks)) return h;
  fired();
  return corrupt(backend, h, args.out.dtype, (v) => {
    for (let i = 0; i < v.length; i++) if (leaks(x[i])) v[i] = dy[i];
  });
}

const BREAKAGES: Record<string, { what: string; break: Breakage; mustFail: RegExp }> = {
  'large-matmul': {
    what: 'matmul with M, N and K all above 64: the last partial 64-row tile is off by 1e-3 (relative)',
    break: (cpu, backend, fired) => ({
      matmul: (args) => {
        const h = cpu.matmul(args);
        const r = args.out.shape.length;
        const [M, N] = [args.out.shape[r - 2] ?? 1, args.out.shape[r - 1]];
        const K = args.transposeA
          ? args.a.shape[args.a.shape.length - 2]
          : args.a.shape[args.a.shape.length - 1];
        if (!(M > 64 && N > 64 && K > 64) || !isFloat(args.out.dtype)) return h;
        fired();
        const edge = Math.floor(M / 64) * 64;
        return corrupt(backend, h, args.out.dtype, (v) => {
          for (let i = 0; i < v.length; i++) if (Math.floor(i / N) % M >= edge) v[i] = off(v[i]);
        });
      },
    }),
    mustFail: /^size\/(matmul|linear)\//,
  },
  'matmul-last-column': {
    what: 'matmul on the blocked path (M·N·K > 16384) with N not a multiple of 4: the last column is off by 1e-3',
    break: (cpu, backend, fired) => ({
      matmul: (args) => {
        const h = cpu.matmul(args);
        const r = args.out.shape.length;
        const [M, N] = [args.out.shape[r - 2] ?? 1, args.out.shape[r - 1]];
        const K = args.transposeA
          ? args.a.shape[args.a.shape.length - 2]
          : args.a.shape[args.a.shape.length - 1];
        if (M * N * K <= 16384 || N % 4 === 0 || !isFloat(args.out.dtype)) return h;
        fired();
        return corrupt(backend, h, args.out.dtype, (v) => {
          for (let i = N - 1; i < v.length; i += N) v[i] = off(v[i]);
        });
      },
    }),
    mustFail: /^size\/(matmul|linear)\//,
  },
  'long-reduction': {
    what: 'reductions over more than 1024 elements are off by 1e-3',
    break: (cpu, backend, fired) => ({
      reduce: (args) => {
        const h = cpu.reduce(args);
        const n = args.axes.reduce((p, a) => p * args.x.shape[a], 1);
        if (n <= 1024 || !isFloat(args.out.dtype)) return h;
        fired();
        return corrupt(backend, h, args.out.dtype, scaleAll);
      },
    }),
    mustFail: /^size\/reduce\//,
  },
  'past-element-4096': {
    what: 'unary and binary ops are off by 1e-3 past element 4096',
    break: (cpu, backend, fired) => {
      const pastEnd = (h: DataHandle, dtype: DType) => {
        if (!isFloat(dtype) || backend.readSync!(h).length <= 4096) return h;
        fired();
        return corrupt(backend, h, dtype, (v) => {
          for (let i = 4096; i < v.length; i++) v[i] = v[i] + 1e-3 * (1 + Math.abs(v[i]));
        });
      };
      return {
        unary: (args) => pastEnd(cpu.unary(args), args.out.dtype),
        binary: (args) => pastEnd(cpu.binary(args), args.out.dtype),
      };
    },
    mustFail: /^size\/(unary|binary)\//,
  },
  'long-softmax-rows': {
    what: 'softmax (not log-softmax) along rows longer than 1024 is off by a relative 1e-3',
    break: (cpu, backend, fired) => ({
      softmax: (args) => {
        const h = cpu.softmax!(args);
        if (args.log || args.x.shape[args.axis] <= 1024) return h;
        fired();
        return corrupt(backend, h, args.out.dtype, scaleAll);
      },
    }),
    mustFail: /^size\/softmax/,
  },
  'relu-gradient-below-zero': {
    what: "relu's gradient passes where x > −1e-3 instead of x > 0",
    break: (cpu, backend, fired) => ({
      activationBackward: (args) => leakReluGradient(cpu, backend, args, (x) => x <= 0 && x > -1e-3, fired),
    }),
    mustFail: /^decision\/(relu|activationBackward)\//,
  },
  'relu-gradient-at-zero': {
    what: "relu's gradient passes at x = 0 and −0 (x >= 0 instead of x > 0)",
    break: (cpu, backend, fired) => ({
      activationBackward: (args) => leakReluGradient(cpu, backend, args, (x) => x === 0, fired),
    }),
    mustFail: /^decision\/(relu|activationBackward)\//,
  },
};

/** Per breakage, whether it ran during the current case. */
const fired = new Map<string, boolean>();
const firedBy = (name: string) => () => fired.set(name, true);

registerToyBackend('healthy-toy', { fused: true });
for (const [name, b] of Object.entries(BREAKAGES)) {
  registerToyBackend(`broken-${name}`, {
    fused: true,
    override: (cpu, be) => b.break(cpu, be, firedBy(name)),
  });
}
// Every breakage at once, for one pass over the rest of the suite.
registerToyBackend('broken-everywhere', {
  fused: true,
  override: (cpu, be) => {
    let kernels: BackendKernels = cpu;
    for (const [name, b] of Object.entries(BREAKAGES))
      kernels = { ...kernels, ...b.break(kernels, be, firedBy(name)) };
    return kernels;
  },
});

const isNewTier = (c: ConformanceCase) => c.category === 'size' || c.category === 'decision';

interface Run {
  result: CaseResult;
  fired: Set<string>;
}

async function run(backend: string, c: ConformanceCase, dtype: FloatDType): Promise<Run> {
  fired.clear();
  const result = await runCase(backend, c, { dtype });
  return { result, fired: new Set([...fired.keys()]) };
}

describe.each(['float32', 'float64'] as const)('size and decision tier vs broken toys (%s)', (dtype) => {
  const tier = listCases().filter(isNewTier);
  const healthy = new Map<string, CaseResult>();
  const broken = new Map<string, Run[]>();

  beforeAll(async () => {
    for (const c of tier) healthy.set(c.name, (await run('healthy-toy', c, dtype)).result);
    for (const name of Object.keys(BREAKAGES)) {
      const runs: Run[] = [];
      for (const c of tier) runs.push(await run(`broken-${name}`, c, dtype));
      broken.set(name, runs);
    }
  }, 300_000);

  it('a healthy wrapper of the CPU backend passes the whole tier', () => {
    const failing = [...healthy.values()].filter((r) => !r.passed).map((r) => r.message);
    expect(failing).toEqual([]);
  });

  for (const [name, b] of Object.entries(BREAKAGES)) {
    it(`fails a backend whose ${b.what}`, () => {
      const runs = broken.get(name)!;
      const failures = runs.filter((r) => !r.result.passed);
      expect(failures.length, `${name}: no case failed`).toBeGreaterThan(0);
      expect(
        failures.some((r) => b.mustFail.test(r.result.name)),
        `${name}: expected a failure matching ${b.mustFail}`,
      ).toBe(true);
      // Every failure is a case in which the breakage ran (not noise from something else).
      expect(failures.filter((r) => !r.fired.has(name)).map((r) => r.result.name)).toEqual([]);
      // The failure names the case and the tolerance.
      expect(failures[0].result.message).toMatch(/tolerance atol .* rtol/);
    });
  }
});

describe('the rest of the suite (the cases before the size tier) does not see these breakages', () => {
  const rest = listCases().filter((c) => !isNewTier(c));
  const triggered = new Map<string, ConformanceCase[]>();
  const failures: string[] = [];

  beforeAll(async () => {
    for (const c of rest) {
      const r = await run('broken-everywhere', c, 'float32');
      if (!r.result.passed) failures.push(r.result.message);
      for (const name of r.fired) triggered.set(name, [...(triggered.get(name) ?? []), c]);
    }
  }, 300_000);

  it('a backend with every breakage at once passes every other case (float32)', () => {
    expect(failures).toEqual([]);
    expect(rest.length).toBeGreaterThan(300);
  });

  it('and each broken toy alone passes the other cases its breakage ran in', async () => {
    for (const [name, cases] of triggered) {
      for (const c of cases) {
        const r = await run(`broken-${name}`, c, 'float32');
        expect(r.result.passed, `${name} on ${c.name}: ${r.result.message}`).toBe(true);
      }
    }
  }, 120_000);
});
