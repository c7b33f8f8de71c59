/**
 * The browser side of test/browser.test.ts, bundled by esbuild with no
 * configuration beyond `bundle: true`: the wasm backend as a page loads it,
 * the shared conformance suite run against it, and a matmul big enough to be
 * split over the kernel threads.
 */
import { createWasmBackend } from '@polygrad/backend-wasm';
import { runConformance } from '@polygrad/conformance';
import { type DeviceInfo, initBackend } from '@polygrad/core';

export interface PageReport {
  readonly isolated: boolean;
  readonly device: DeviceInfo;
  readonly conformance: readonly {
    dtype: string;
    total: number;
    passed: number;
    failed: number;
    skipped: number;
    declined: number;
    failures: string[];
  }[];
  readonly matmul: { readonly maxError: number; readonly chunksOnWorkers: number };
}

async function matmulCheck(): Promise<PageReport['matmul']> {
  const be = await createWasmBackend({ name: 'page-matmul' });
  const n = 192;
  const A = Float32Array.from({ length: n * n }, (_, i) => ((i * 7) % 13) / 13 - 0.5);
  const B = Float32Array.from({ length: n * n }, (_, i) => ((i * 5) % 11) / 11 - 0.5);
  const a = be.upload(A, 'float32');
  const b = be.upload(B, 'float32');
  let maxError = 0;
  for (let rep = 0; rep < 20; rep++) {
    const out = be.kernels.matmul({
      a: { handle: a, shape: [1, n, n], dtype: 'float32' },
      b: { handle: b, shape: [1, n, n], dtype: 'float32' },
      transposeA: false,
      transposeB: true,
      out: { shape: [1, n, n], dtype: 'float32' },
    });
    const C = be.readSync!(out);
    for (let i = 0; i < n; i += 17) {
      for (let j = 0; j < n; j += 13) {
        let s = 0;
        for (let k = 0; k < n; k++) s += A[i * n + k] * B[j * n + k];
        maxError = Math.max(maxError, Math.abs(s - C[i * n + j]));
      }
    }
    be.free(out);
    if (be.threadStats().chunksOnWorkers > 0 && rep >= 3) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const chunksOnWorkers = be.threadStats().chunksOnWorkers;
  be.free(a);
  be.free(b);
  be.dispose!();
  return { maxError, chunksOnWorkers };
}

async function run(conformance: boolean): Promise<PageReport> {
  const backend = await initBackend('wasm');
  const reports: PageReport['conformance'][number][] = [];
  if (conformance) {
    for (const dtype of ['float32', 'float64'] as const) {
      const r = await runConformance('wasm', { dtype });
      reports.push({
        dtype,
        total: r.summary.total,
        passed: r.summary.passed,
        failed: r.summary.failed,
        skipped: r.summary.skipped,
        declined: r.summary.declined,
        failures: r.results.filter((x) => !x.passed && !x.skipped).map((x) => x.message.slice(0, 400)),
      });
    }
  }
  return {
    isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    device: backend.deviceInfo(),
    conformance: reports,
    matmul: await matmulCheck(),
  };
}

(globalThis as unknown as { polygradRun: typeof run }).polygradRun = run;
