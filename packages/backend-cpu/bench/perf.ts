/**
 * Kernel timings for the README. Run: `pnpm --filter @polygrad/backend-cpu bench`
 * (vitest executes this file so TypeScript sources of core and this package load directly).
 */
import type { DType, TensorInfo } from '@polygrad/core';
import { createCpuBackend } from '../src/backend.js';

const be = createCpuBackend();
const k = be.kernels;

function tensor(n: number, shape: number[], dtype: DType): TensorInfo {
  const a = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(i) * 0.5;
  return { handle: be.upload(a, dtype), shape, dtype };
}

function time(fn: () => void, minMs = 400): number {
  for (let i = 0; i < 3; i++) fn();
  let reps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    fn();
    reps++;
    t = performance.now();
  }
  return (t - t0) / reps;
}

export function runPerf(log: (s: string) => void = console.log): Record<string, number> {
  const res: Record<string, number> = {};
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [n, tA, tB] of [
      [512, false, false],
      [512, false, true],
      [512, true, false],
      [256, false, false],
      [1024, false, false],
    ] as const) {
      const a = tensor(n * n, [1, n, n], dtype);
      const b = tensor(n * n, [1, n, n], dtype);
      const ms = time(() =>
        be.free(k.matmul({ a, b, transposeA: tA, transposeB: tB, out: { shape: [1, n, n], dtype } })),
      );
      const gf = (2 * n * n * n) / ms / 1e6;
      const key = `matmul ${n}³ ${dtype}${tA ? ' tA' : ''}${tB ? ' tB' : ''}`;
      res[key] = gf;
      log(`${key}: ${ms.toFixed(2)} ms, ${gf.toFixed(2)} GFLOPS`);
      be.free(a.handle);
      be.free(b.handle);
    }
  }
  {
    const x = tensor(128 * 784, [128, 784], 'float32');
    const w = tensor(256 * 784, [256, 784], 'float32');
    const bias = tensor(256, [256], 'float32');
    const ms = time(() =>
      be.free(k.linear!({ x, weight: w, bias, out: { shape: [128, 256], dtype: 'float32' } })),
    );
    res['linear 128x784 -> 256 float32 GFLOPS'] = (2 * 128 * 784 * 256) / ms / 1e6;
    log(
      `linear 128x784 -> 256 float32: ${ms.toFixed(3)} ms, ${((2 * 128 * 784 * 256) / ms / 1e6).toFixed(2)} GFLOPS`,
    );
  }
  for (const n of [16, 1 << 20]) {
    const a = tensor(n, [n], 'float32');
    const b = tensor(n, [n], 'float32');
    const ms = time(() => be.free(k.binary({ op: 'add', a, b, out: { shape: [n], dtype: 'float32' } })));
    res[`add ${n} float32 µs`] = ms * 1000;
    log(`add ${n} float32: ${(ms * 1000).toFixed(3)} µs per kernel call (incl. alloc + handle)`);
  }
  {
    const a = tensor(256 * 512, [256, 512], 'float32');
    const b = tensor(512, [512], 'float32');
    const ms = time(() =>
      be.free(k.binary({ op: 'mul', a, b, out: { shape: [256, 512], dtype: 'float32' } })),
    );
    log(`mul [256,512]*[512] float32: ${(ms * 1000).toFixed(1)} µs`);
    const r = time(() =>
      be.free(k.reduce({ op: 'sum', x: a, axes: [0], out: { shape: [512], dtype: 'float32' } })),
    );
    log(`sum axis 0 of [256,512] float32: ${(r * 1000).toFixed(1)} µs`);
    const r1 = time(() =>
      be.free(k.reduce({ op: 'sum', x: a, axes: [1], out: { shape: [256], dtype: 'float32' } })),
    );
    log(`sum axis 1 of [256,512] float32: ${(r1 * 1000).toFixed(1)} µs`);
    const sm = time(() =>
      be.free(k.softmax!({ x: a, axis: 1, log: false, out: { shape: [256, 512], dtype: 'float32' } })),
    );
    log(`softmax [256,512] float32: ${(sm * 1000).toFixed(1)} µs`);
    const tr = time(() =>
      be.free(k.transpose({ x: a, perm: [1, 0], out: { shape: [512, 256], dtype: 'float32' } })),
    );
    log(`transpose [256,512] float32: ${(tr * 1000).toFixed(1)} µs`);
  }
  return res;
}
