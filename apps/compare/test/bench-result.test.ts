/**
 * The browser benchmark's result file (src/bench/result.ts) from a page report with
 * known medians: ratios against TF.js webgl, the issue #8 verdicts, compile rows,
 * versions, the load note and the Markdown tables carry exactly those numbers.
 */
import { describe, expect, it } from 'vitest';
import {
  type BenchMeta,
  BROWSER_BENCH_KIND,
  browserBenchMarkdown,
  browserBenchResult,
  TARGET_WORKLOADS,
} from '../src/bench/result.js';
import { type CompareReport, REPORT_SCHEMA, type SpeedEntry } from '../src/run/model.js';
import { speedSet } from '../src/run/speed.js';

const FLOP_512 = 2 * 512 ** 3;

function entry(
  workload: string,
  impl: string,
  medianMs: number,
  extra: Partial<SpeedEntry> = {},
): SpeedEntry {
  const matmul = workload.startsWith('matmul');
  return {
    workload,
    impl,
    kind: impl.startsWith('peer:') ? 'tfjs' : 'polygrad',
    medianMs,
    minMs: medianMs * 0.9,
    firstMs: medianMs * 10,
    compiles: null,
    samples: 5,
    inner: 1,
    gflops: matmul ? FLOP_512 / medianMs / 1e6 : null,
    maxAbsDiff: impl === 'cpu' ? null : 1e-5,
    reference: impl === 'cpu' ? null : 'cpu',
    leakedTensors: 0,
    error: null,
    ...extra,
  };
}

const failed = (workload: string, impl: string): SpeedEntry =>
  entry(workload, impl, Number.NaN, { minMs: Number.NaN, firstMs: Number.NaN, gflops: null, error: 'boom' });

// matmul-512-atbt is left out of the run: its target is "not run".
const ran = ['matmul-512', 'matmul-512-bt', 'matmul-512-at', 'mlp-step-784-256-10'];
const workloads = speedSet(false)
  .filter((w) => ran.includes(w.id))
  .map(({ id, suite, label, flop, unit }) => ({ id, suite, label, flop, unit }));

const entries: SpeedEntry[] = [
  entry('matmul-512', 'cpu', 300),
  entry('matmul-512', 'webgl', 100, {
    firstMs: 900,
    compiles: { firstCall: 3, firstCallMs: 420, timed: 0 },
  }),
  entry('matmul-512', 'peer:tfjs-webgl', 150, { firstMs: 500 }),
  entry('matmul-512-bt', 'cpu', 300),
  entry('matmul-512-bt', 'webgl', 200),
  entry('matmul-512-bt', 'peer:tfjs-webgl', 100),
  entry('matmul-512-at', 'cpu', 300),
  failed('matmul-512-at', 'webgl'),
  entry('matmul-512-at', 'peer:tfjs-webgl', 120),
  entry('mlp-step-784-256-10', 'cpu', 60),
  // A first call faster than the median (its kernels were already compiled): a negative overhead.
  entry('mlp-step-784-256-10', 'webgl', 40, { firstMs: 38.5 }),
  entry('mlp-step-784-256-10', 'peer:tfjs-webgl', 50),
];

const device = {
  device: 'webgl',
  renderer: 'ANGLE (SwiftShader test)',
  glVersion: 'WebGL 2.0',
  glslVersion: 'GLSL ES 3.00',
  kernelClass: 'WebGL2Kernel',
  mode: 'webgl2',
  maxTextureSize: 8192,
};
const report: CompareReport = {
  schema: REPORT_SCHEMA,
  date: '2026-11-27T12:00:00.000Z',
  where: 'browser',
  environment: {
    runtime: 'HeadlessChrome/156.0.0.0',
    platform: 'Linux',
    cpu: null,
    cores: 2,
    crossOriginIsolated: true,
    commit: null,
  },
  settings: { quick: false, mnist: false, dtypes: ['float32'], command: null },
  packages: [
    { name: '@polygrad/backend-cpu', version: '0.1.0', backends: ['cpu'], error: null },
    { name: '@polygrad/backend-webgl', version: '0.2.0', backends: ['webgl'], error: null },
  ],
  backends: [
    {
      name: 'cpu',
      package: '@polygrad/backend-cpu',
      available: true,
      reason: '',
      precision: 'float32',
      device: null,
      selected: true,
    },
    {
      name: 'webgl',
      package: '@polygrad/backend-webgl',
      available: true,
      reason: '',
      precision: 'float32',
      device,
      selected: true,
    },
  ],
  peers: [
    {
      name: 'peer:tfjs-cpu',
      label: 'TF.js cpu',
      available: true,
      reason: '',
      version: '4.22.0',
      details: { threads: 1, version: '4.22.1' },
      selected: false,
    },
    {
      name: 'peer:tfjs-webgl',
      label: 'TF.js webgl',
      available: true,
      reason: '',
      version: '4.22.0',
      details: { renderer: 'ANGLE (SwiftShader test)', glVersion: 'WebGL 2.0', version: '4.22.2' },
      selected: true,
    },
  ],
  conformance: null,
  speed: { workloads, entries, budget: { warmup: 1, minSamples: 5, maxTimeMs: 2500 } },
  mnist: null,
  durationS: 321,
};

const meta = (loadBefore: number[]): BenchMeta => ({
  command: 'pnpm --filter @polygrad/compare bench:browser',
  machine: {
    cpu: 'Test CPU',
    cores: 2,
    memoryGiB: 8,
    os: 'Linux x64',
    slug: 'test-cpu-2c',
    loadBefore,
    loadAfter: [2, 2, 2],
  },
  browser: { version: '156.0.1', userAgent: 'HeadlessChrome/156.0.0.0', flags: ['--headless=new'] },
  node: 'v20.0.0',
  commit: 'abc123',
  dirty: false,
});

describe('the browser benchmark result', () => {
  const r = browserBenchResult(report, meta([3.5, 3, 3]));

  it('judges every issue #8 target on time(TF.js webgl) / time(Polygrad webgl)', () => {
    expect(r.kind).toBe(BROWSER_BENCH_KIND);
    expect(r.targets.map((t) => t.workload)).toEqual([...TARGET_WORKLOADS]);
    const t = Object.fromEntries(r.targets.map((x) => [x.workload, x]));
    expect(t['matmul-512']).toMatchObject({ subjectMs: 100, baselineMs: 150, speedup: 1.5, met: true });
    expect(t['matmul-512'].subjectGflops).toBeCloseTo(FLOP_512 / 100 / 1e6, 12);
    expect(t['matmul-512'].baselineGflops).toBeCloseTo(FLOP_512 / 150 / 1e6, 12);
    expect(t['matmul-512-bt']).toMatchObject({ speedup: 0.5, met: false });
    // A failed side is not judged; a workload that did not run is labelled from the speed set.
    expect(t['matmul-512-at']).toMatchObject({ subjectMs: null, baselineMs: 120, speedup: null, met: null });
    expect(t['matmul-512-atbt']).toMatchObject({ label: 'matmul 512 Aᵀ·Bᵀ', speedup: null, met: null });
    expect(t['mlp-step-784-256-10']).toMatchObject({
      subjectMs: 40,
      baselineMs: 50,
      speedup: 1.25,
      met: true,
    });
    expect(r.summary).toBe(
      'Chromium 156.0.1, ANGLE (SwiftShader test): issue #8 targets met 2/3; matmul 512 A·B 2.68 vs 1.79 GFLOPS, MLP step 40.0 vs 50.0 ms (Polygrad webgl vs TF.js webgl); machine loaded by other jobs',
    );
  });

  it('gives every implementation its ratio against TF.js webgl on the target workloads that ran', () => {
    expect(r.versusTfjsWebgl.map((v) => v.workload)).toEqual(ran);
    const mm = r.versusTfjsWebgl[0];
    expect(mm.baselineMs).toBe(150);
    expect(mm.impls.map((i) => [i.impl, i.speedup])).toEqual([
      ['cpu', 0.5],
      ['webgl', 1.5],
    ]);
  });

  it('reports first call against steady state for Polygrad webgl and TF.js webgl, with webgl kernel compiles', () => {
    const first = r.compile.find((c) => c.workload === 'matmul-512' && c.impl === 'webgl')!;
    expect(first).toMatchObject({ firstMs: 900, medianMs: 100, firstCallOverheadMs: 800 });
    expect(first.compiles).toEqual({ firstCall: 3, firstCallMs: 420, timed: 0 });
    expect(r.compile.find((c) => c.workload === 'matmul-512' && c.impl === 'peer:tfjs-webgl')).toMatchObject({
      firstMs: 500,
      firstCallOverheadMs: 350,
      compiles: null,
    });
    expect(r.compile.some((c) => c.impl === 'cpu')).toBe(false);
    expect(r.compile.some((c) => c.workload === 'matmul-512-at' && c.impl === 'webgl')).toBe(false); // failed
  });

  it('records the GL, the versions and whether the machine was loaded', () => {
    expect(r.gl.polygradWebgl).toEqual(device);
    expect(r.gl.tfjsWebgl).toMatchObject({ renderer: 'ANGLE (SwiftShader test)' });
    expect(r.versions.polygrad).toEqual({
      '@polygrad/backend-cpu': '0.1.0',
      '@polygrad/backend-webgl': '0.2.0',
    });
    expect(r.versions.tfjs).toEqual({
      'tfjs-core': '4.22.0',
      'tfjs-backend-cpu': '4.22.1',
      'tfjs-backend-webgl': '4.22.2',
    });
    expect(r.settings).toMatchObject({
      backends: ['cpu', 'webgl'],
      peers: ['peer:tfjs-webgl'],
      quick: false,
    });
    expect(r.loaded).toBe(true);
    expect(browserBenchResult(report, meta([0.4, 1, 1])).loaded).toBe(false);
  });

  it('writes the same numbers into the Markdown tables', () => {
    const md = browserBenchMarkdown(r);
    expect(md).toMatch(/^# Polygrad in Chromium, same page as TF\.js — 2026-11-27, Test CPU \(2 cores\)/);
    expect(md).toContain(
      '| matmul 512 A·B | Polygrad webgl ≥ TF.js webgl (same page) | 100.0 ms | 150.0 ms | 2.68 | 1.79 | 1.50× | yes |',
    );
    expect(md).toContain(
      '| matmul 512 A·Bᵀ | Polygrad webgl ≥ TF.js webgl (same page) | 200.0 ms | 100.0 ms | 1.34 | 2.68 | 0.50× | no |',
    );
    expect(md).toContain(
      '| matmul 512 Aᵀ·Bᵀ | Polygrad webgl ≥ TF.js webgl (same page) | – | – | – | – | – | not run |',
    );
    expect(md).toContain(
      '| MLP step 784→256→10, batch 128, SGD | Polygrad webgl ≥ TF.js webgl (same page) | 40.00 ms | 50.00 ms | – | – | 1.25× | yes |',
    );
    expect(md).toContain('| matmul 512 A·B | 1.79 GFLOPS | 0.89 GFLOPS (0.50×) | 2.68 GFLOPS (1.50×) |');
    expect(md).toContain(
      '| matmul 512 A·B | Polygrad webgl | 900.0 ms | 100.0 ms | 800.0 ms | 3 | 420.0 | 0 |',
    );
    expect(md).toContain(
      '| matmul 512 Aᵀ·B | 300.0 ms · 0.89 GFLOPS (n=5) | error: boom | 120.0 ms · 2.24 GFLOPS (n=5) |',
    );
    expect(md).toContain(
      '| MLP step 784→256→10, batch 128, SGD | Polygrad webgl | 38.50 ms | 40.00 ms | -1.500 ms | – | – | – |',
    );
    expect(md).toContain('other jobs were running');
  });
});
