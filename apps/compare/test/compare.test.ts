/**
 * A whole comparison in-process on cpu and the fixture backend `echo` (cpu's
 * kernels under another name, so every figure must agree exactly), with TF.js
 * cpu as the peer: matrix, speed entries, MNIST curves, and the three outputs.
 */

import { listCases } from '@polygrad/conformance';
import { removeBackend } from '@polygrad/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportText } from '../src/cli/tables.js';
import { nodeBackendModules } from '../src/node/load.js';
import { nodeMnistRunner } from '../src/node/mnist.js';
import { nodePeers } from '../src/node/peers.js';
import { reportHtml } from '../src/report/html.js';
import { describeBackends, loadBackendModules } from '../src/run/backends.js';
import { runCompare } from '../src/run/compare.js';
import { type CompareReport, REPORT_SCHEMA } from '../src/run/model.js';
import type { ProgressEvent } from '../src/run/progress.js';
import { FIXTURE_WORKSPACE } from './helpers.js';

const WORKLOADS = ['matmul-256-bt', 'small-op-add-16', 'softmax-ce-128x1000', 'mlp-step-784-256-10'];

let report: CompareReport;
const events: ProgressEvent[] = [];
const logged: string[] = [];

beforeAll(async () => {
  const packages = await loadBackendModules(nodeBackendModules(FIXTURE_WORKSPACE));
  const peers = await nodePeers();
  const started = performance.now();
  const results = await runCompare({
    backends: ['cpu', 'echo'],
    peers: peers.runtimes.filter((p) => p.name === 'peer:tfjs-cpu'),
    quick: true,
    dtypes: ['float32', 'float64'],
    conformance: true,
    speed: true,
    workloads: WORKLOADS,
    mnist: nodeMnistRunner({ epochs: 2, limit: 1200 }),
    onProgress: (e) => {
      events.push(e);
    },
    log: (line) => logged.push(line),
  });
  report = {
    schema: REPORT_SCHEMA,
    date: new Date().toISOString(),
    where: 'node',
    environment: {
      runtime: 'test',
      platform: 'test',
      cpu: null,
      cores: null,
      crossOriginIsolated: null,
      commit: null,
    },
    settings: { quick: true, mnist: true, dtypes: ['float32', 'float64'], command: null },
    packages,
    backends: await describeBackends(packages, new Set(['cpu', 'echo'])),
    peers: peers.entries.map((e) => ({ ...e, selected: e.name === 'peer:tfjs-cpu' })),
    ...results,
    durationS: (performance.now() - started) / 1000,
  };
});

afterAll(() => {
  removeBackend('echo');
  removeBackend('broken');
});

describe('the correctness matrix', () => {
  it('has every case of the suite, in both dtypes, passing on cpu and echo', () => {
    const all = report.conformance!.matrix.all;
    const cases = listCases().length;
    for (const b of ['cpu', 'echo']) {
      expect(all[b].total).toBe(2 * cases);
      expect(all[b].failed, JSON.stringify(all[b].failures)).toBe(0);
      expect(all[b].passed + all[b].declined).toBe(2 * cases);
      expect(all[b].worst!.toleranceUsed).toBeGreaterThan(0);
      expect(all[b].worst!.toleranceUsed).toBeLessThan(1);
    }
    expect(report.conformance!.runs).toHaveLength(4);
    for (const cat of report.conformance!.categories) {
      const cells = report.conformance!.matrix[cat];
      expect(cells.cpu.total).toBeGreaterThan(0);
      expect(cells.echo.passed).toBe(cells.cpu.passed);
    }
  });
});

describe('the speed section', () => {
  it('times every workload on every implementation, with the values checked against cpu', () => {
    const s = report.speed!;
    expect(s.workloads.map((w) => w.id)).toEqual(WORKLOADS);
    for (const w of WORKLOADS)
      for (const impl of ['cpu', 'echo', 'peer:tfjs-cpu']) {
        const e = s.entries.find((x) => x.workload === w && x.impl === impl);
        expect(e, `${w} on ${impl}`).toBeDefined();
        expect(e!.error).toBeNull();
        expect(e!.medianMs).toBeGreaterThan(0);
        expect(e!.samples).toBeGreaterThanOrEqual(1);
        expect(e!.leakedTensors).toBe(0);
        if (impl !== 'cpu') expect(e!.reference).toBe('cpu');
      }
    const get = (w: string, impl: string) => s.entries.find((x) => x.workload === w && x.impl === impl)!;
    // echo runs cpu's kernels: identical values; TF.js computes the same things to float32 rounding.
    for (const w of WORKLOADS) expect(get(w, 'echo').maxAbsDiff).toBe(0);
    expect(get('matmul-256-bt', 'peer:tfjs-cpu').maxAbsDiff).toBeLessThan(1e-4);
    expect(get('mlp-step-784-256-10', 'peer:tfjs-cpu').maxAbsDiff).toBeLessThan(1e-5);
    expect(get('softmax-ce-128x1000', 'peer:tfjs-cpu').maxAbsDiff).toBeLessThan(1e-5);
    const m = get('matmul-256-bt', 'cpu');
    expect(m.gflops).toBeCloseTo((2 * 256 ** 3) / m.medianMs / 1e6, 6);
  });
});

describe('MNIST', () => {
  it('gives the same loss curve on cpu and echo (same seed, same kernels): the largest gap is 0', () => {
    const m = report.mnist!;
    expect(m.runs.map((r) => r.backend)).toEqual(['cpu', 'echo']);
    for (const r of m.runs) {
      expect(r.error).toBeNull();
      expect(r.batchLosses.length).toBeGreaterThan(10);
      expect(r.epochs).toHaveLength(2);
      expect(r.leakedTensors).toBe(0);
      expect(r.testAccuracy).toBeGreaterThan(0.5);
    }
    expect(m.runs[1].batchLosses).toEqual(m.runs[0].batchLosses);
    expect(m.largestGap?.value).toBe(0);
  });
});

describe('progress', () => {
  it('moves from 0 to 1 without going back, through every phase, and logs each task', () => {
    expect(events.length).toBeGreaterThan(100);
    for (let i = 1; i < events.length; i++)
      expect(events[i].fraction).toBeGreaterThanOrEqual(events[i - 1].fraction - 1e-12);
    expect(events.at(-1)).toMatchObject({ phase: 'done', fraction: 1 });
    expect(new Set(events.map((e) => e.phase))).toEqual(new Set(['conformance', 'speed', 'mnist', 'done']));
    expect(logged.filter((l) => l.startsWith('conformance '))).toHaveLength(4);
    expect(logged.filter((l) => l.startsWith('speed '))).toHaveLength(WORKLOADS.length * 3);
    expect(logged.filter((l) => l.startsWith('MNIST '))).toHaveLength(2);
  });
});

describe('outputs', () => {
  it('prints the backends, the matrix, the speed and ratio tables and MNIST', () => {
    const text = reportText(report);
    expect(text).toMatch(/^Backends/);
    expect(text).toMatch(
      /broken +unavailable +@polygrad\/backend-broken +needs a device this machine does not have/,
    );
    expect(text).toMatch(/all +✓ \d+\/\d+ +\S+ +✓ \d+\/\d+/);
    expect(text).toMatch(/matmul 256 A·Bᵀ +[\d.]+ GFLOPS +[\d.]+ GFLOPS +[\d.]+ GFLOPS/);
    expect(text).toMatch(/Ratios/);
    expect(text).toMatch(/largest gap between loss curves: 0\.00e\+0 at batch 1/);
  });

  it('round-trips through JSON and renders a self-contained HTML file', async () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const html = await reportHtml(report);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Chart.js v4'); // the library is inlined, with its licence
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
    const data = /<script type="application\/json" id="compare-data">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(JSON.parse(data)).toEqual(report);
  });
});
