import { createCpuBackend } from '@polygrad/backend-cpu';
import {
  type Backend,
  type BackendKernels,
  type BackendStatus,
  listBackends,
  PRIMITIVE_KERNELS,
  type Precision,
  registerBackend,
  setBackend,
} from '@polygrad/core';
import { loadMnistPackage, type MnistArrays } from '@polygrad/core/data/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args.js';
import { DEFAULTS, type TrainOptions, type TrainResult, trainMnist } from '../src/train.js';
import { registerWorkspaceBackends } from './workspace-backends.js';

/** The CPU backend's primitives only: every fused kernel falls back to core's composition. */
function primitivesOnly(): Backend {
  const cpu = createCpuBackend();
  const kernels = Object.fromEntries(
    PRIMITIVE_KERNELS.map((k) => [k, cpu.kernels[k]]),
  ) as unknown as BackendKernels;
  return { ...cpu, name: 'cpu-primitives', kernels };
}

/** Negative control: the CPU backend with a cross-entropy gradient twice too large. */
function doubledGradient(): Backend {
  const cpu = createCpuBackend();
  const k = cpu.kernels;
  const crossEntropyBackward: BackendKernels['crossEntropyBackward'] = (args) => {
    const h = k.crossEntropyBackward!(args);
    const two = k.fill({ value: 2, out: { shape: [], dtype: args.out.dtype } });
    const doubled = k.binary({
      op: 'mul',
      a: { handle: h, shape: args.out.shape, dtype: args.out.dtype },
      b: { handle: two, shape: [], dtype: args.out.dtype },
      out: args.out,
    });
    cpu.free(h);
    cpu.free(two);
    return doubled;
  };
  return { ...cpu, name: 'cpu-doubled-gradient', kernels: { ...k, crossEntropyBackward } };
}

// Every backend package of the workspace registers itself (wasm, webgl, tfjs appear here when they land).
const workspacePackages = await registerWorkspaceBackends();
registerBackend('cpu-primitives', primitivesOnly, { priority: -1 });
registerBackend('cpu-doubled-gradient', doubledGradient, { priority: -2 });
const NEGATIVE_CONTROLS = new Set(['cpu-doubled-gradient']);
const backends: BackendStatus[] = (await listBackends()).filter((b) => !NEGATIVE_CONTROLS.has(b.name));
const present = backends.filter((b) => b.available && b.name !== 'cpu');
const absent = backends.filter((b) => !b.available);

let data: MnistArrays;
beforeAll(async () => {
  await setBackend('cpu');
  data = loadMnistPackage();
});

/** A small run: a stratified ~640 training and ~160 test digits, batches of 64. */
const small = { ...DEFAULTS, epochs: 2, limit: 640, batch: 64 };

/**
 * Largest relative difference between two per-batch loss curves. The bound
 * the tests use comes from the backend's declared precision: 1e-4 for float32
 * and float64 arithmetic (300× the 3e-7 measured over these 20 steps, under
 * SGD and Adam, both between the CPU backend's fused kernels and core's
 * compositions and against a matmul that accumulates in float32 term by
 * term, as SIMD and GPU kernels do), 1e-2 for 'reduced'. A gradient twice too
 * large moves the SGD curve by 0.56.
 */
function curveDifference(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Infinity;
  return Math.max(...a.map((l, i) => Math.abs(l - b[i]) / Math.abs(b[i])));
}
const curveTolerance = (p: Precision): number => (p === 'reduced' ? 1e-2 : 1e-4);

describe('mnist app', () => {
  it('loads the 10,000 real digits of the mnist package', () => {
    expect(data.labels.length).toBe(10000);
    expect(data.images.length).toBe(10000 * 784);
    const counts = new Array<number>(10).fill(0);
    for (const l of data.labels) counts[l]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
    let max = 0;
    for (const v of data.images) max = Math.max(max, v);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
  });

  it('learns all ten digits: loss falls and held-out accuracy is far above chance after a small run', () => {
    const r = trainMnist(data, { ...small, backend: 'cpu' });
    // The subsample is stratified: every digit is in both sets, in proportion (the data is ordered by digit).
    expect(r.trainClassCounts.every((c) => c >= 50)).toBe(true);
    expect(r.testClassCounts.every((c) => c >= 12)).toBe(true);
    expect(r.trainSize).toBeGreaterThanOrEqual(630);
    expect(r.history[1].loss).toBeLessThan(r.history[0].loss);
    // A model that answers one digit scores ≤ 12% here (the largest class share).
    expect(Math.max(...r.testClassCounts) / r.testSize).toBeLessThan(0.13);
    expect(r.testAccuracy).toBeGreaterThan(0.75);
    expect(r.tensorsAfter).toBe(r.tensorsBefore);
  });

  it('augments the training digits by default, the same way on every run with the same seed', () => {
    expect(DEFAULTS.shift).toBeGreaterThan(0);
    const a = trainMnist(data, { ...small, epochs: 1, backend: 'cpu' });
    const again = trainMnist(data, { ...small, epochs: 1, backend: 'cpu' });
    const plain = trainMnist(data, { ...small, epochs: 1, shift: 0, backend: 'cpu' });
    expect(again.batchLosses).toEqual(a.batchLosses);
    // Same split, initialisation and batch order: only the shifted digits differ, from the first batch on.
    expect(plain.trainClassCounts).toEqual(a.trainClassCounts);
    expect(plain.testClassCounts).toEqual(a.testClassCounts);
    expect(plain.batchLosses.length).toBe(a.batchLosses.length);
    expect(plain.batchLosses[0]).not.toBe(a.batchLosses[0]);
    expect(a.tensorsAfter).toBe(a.tensorsBefore);
  });

  it('finds the workspace backend packages', () => {
    expect(workspacePackages.map((p) => p.name)).toContain('@polygrad/backend-cpu');
    expect(present.map((b) => b.name)).toContain('cpu-primitives');
    // WebAssembly runs wherever Node does: when the package exists, its backend must be available.
    if (workspacePackages.some((p) => p.name === '@polygrad/backend-wasm'))
      expect(present.map((b) => b.name)).toContain('wasm');
  });

  it('parses the CLI flags the issue names', () => {
    const o = parseArgs([
      '--backend',
      'cpu',
      '--epochs',
      '3',
      '--hidden',
      '64',
      '--batch',
      '32',
      '--lr',
      '0.01',
      '--dropout',
      '0.1',
      '--seed',
      '7',
      '--shift',
      '2',
      '--rotate',
      '10',
      '--scale',
      '0.1',
    ]);
    expect(o).toMatchObject({
      backend: 'cpu',
      epochs: 3,
      hidden: 64,
      batch: 32,
      lr: 0.01,
      dropout: 0.1,
      seed: 7,
      shift: 2,
      rotate: 10,
      scale: 0.1,
    });
    expect(() => parseArgs(['--epochs', 'x'])).toThrow(/--epochs x: expected a number/);
    expect(() => parseArgs(['--bogus', '1'])).toThrow(/unknown flag --bogus/);
  });
});

// Adam divides by the gradient's running scale, so a gradient wrong by a constant factor barely moves its curve; SGD shows it.
const OPTIMIZERS: readonly (Pick<TrainOptions, 'optimizer' | 'lr'> & { name: string })[] = [
  { name: 'SGD with momentum', optimizer: 'sgd', lr: 0.05 },
  { name: 'Adam', optimizer: 'adam', lr: 1e-3 },
];

describe.each(OPTIMIZERS)('the same seed gives the same loss curve on every backend ($name)', (o) => {
  const opts = { ...small, optimizer: o.optimizer, lr: o.lr };
  let reference: TrainResult;
  beforeAll(() => {
    reference = trainMnist(data, { ...opts, backend: 'cpu' });
  });

  for (const b of present) {
    const precision = b.precision ?? 'float32';
    it(`${b.name} (precision ${precision}) matches cpu within ${curveTolerance(precision)} (relative)`, () => {
      const r = trainMnist(data, { ...opts, backend: b.name });
      expect(r.batchLosses.length).toBe(reference.batchLosses.length);
      expect(r.batchLosses.length).toBe(20);
      const worst = curveDifference(r.batchLosses, reference.batchLosses);
      expect(worst, `${b.name} vs cpu: worst relative loss difference ${worst}`).toBeLessThan(
        curveTolerance(precision),
      );
    });
  }
  for (const b of absent) it.skip(`${b.name}: not available here (${b.reason})`, () => {});

  if (o.optimizer === 'sgd') {
    it('fails a backend whose cross-entropy gradient is twice too large (negative control)', () => {
      const r = trainMnist(data, { ...opts, backend: 'cpu-doubled-gradient' });
      const worst = curveDifference(r.batchLosses, reference.batchLosses);
      expect(worst).toBeGreaterThan(100 * curveTolerance('float32'));
    });
  }
});
