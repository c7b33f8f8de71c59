/**
 * The speed set: benchmark workloads (imported from @polygrad/benchmarks, not
 * copied) timed on every selected Polygrad backend and TF.js peer, in the same run.
 */

import { type BudgetedTimingOptions, timeBudgeted } from '@polygrad/benchmarks/timing';
import {
  matmulWorkload,
  mlpStepWorkload,
  smallOpWorkload,
  softmaxCrossEntropyWorkload,
  type Workload,
  type WorkloadSpec,
} from '@polygrad/benchmarks/workloads';
import { initBackend, memory } from '@polygrad/core';
import type { ImplKind, SpeedEntry, SpeedSection } from './model.js';
import type { PeerRuntime } from './peers.js';
import type { TaskProgress } from './progress.js';

/**
 * The workloads of a run: matmul 256/512/1024 A·B and A·Bᵀ, plus Aᵀ·B and Aᵀ·Bᵀ at 512
 * (every transpose combination at the size the WebGL targets are judged at; quick: 256 and
 * 512, A·B and A·Bᵀ only), small-op overhead, softmax cross-entropy, the MLP step.
 */
export function speedSet(quick: boolean): WorkloadSpec[] {
  const sizes = quick ? [256, 512] : [256, 512, 1024];
  const layouts = (n: number) =>
    !quick && n === 512
      ? [
          { transposeA: false, transposeB: false },
          { transposeA: false, transposeB: true },
          { transposeA: true, transposeB: false },
          { transposeA: true, transposeB: true },
        ]
      : [{ transposeB: false }, { transposeB: true }];
  return [
    ...sizes.flatMap((n) => layouts(n).map((t) => matmulWorkload(n, t))),
    smallOpWorkload(),
    softmaxCrossEntropyWorkload(),
    mlpStepWorkload(),
  ];
}

export interface SpeedBudget extends Omit<BudgetedTimingOptions, 'onSample' | 'inner'> {
  /** Calls per sample of the small-op workload (sub-microsecond ops need many per timer reading). */
  readonly smallOpInner: number;
}

export function speedBudget(quick: boolean): SpeedBudget {
  return quick
    ? { warmup: 1, minSamples: 3, minTimeMs: 150, maxTimeMs: 700, maxSamples: 30, smallOpInner: 500 }
    : { warmup: 1, minSamples: 5, minTimeMs: 600, maxTimeMs: 2500, maxSamples: 100, smallOpInner: 2000 };
}

/** Expected seconds of one case (progress weights only). */
export function caseWeight(spec: WorkloadSpec, quick: boolean): number {
  const base = quick ? 0.5 : 1.5;
  return spec.flop && spec.flop >= 2 * 1024 ** 3 ? base * 3 : base;
}

export type Impl =
  | { readonly kind: 'polygrad'; readonly name: string }
  | { readonly kind: 'tfjs'; readonly name: string; readonly peer: PeerRuntime };

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Kernel-compile counters a backend may expose beside the contract (the WebGL backend's `stats()`). */
interface CompileStats {
  readonly compiles: number;
  readonly compileMs: number;
}

async function compileCounter(impl: Impl): Promise<(() => CompileStats) | null> {
  if (impl.kind !== 'polygrad') return null;
  const backend = (await initBackend(impl.name)) as unknown as { stats?: () => Partial<CompileStats> };
  if (typeof backend.stats !== 'function') return null;
  const probe = backend.stats();
  if (typeof probe.compiles !== 'number' || typeof probe.compileMs !== 'number') return null;
  return () => backend.stats!() as CompileStats;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > m || Number.isNaN(d)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}

/** Time one workload on one implementation. Never throws: a failure is recorded in `error`. */
async function timeOne(
  spec: WorkloadSpec,
  impl: Impl,
  budget: SpeedBudget,
  reference: { impl: string; values: Float32Array } | null,
  progress: TaskProgress,
): Promise<{ entry: SpeedEntry; values: Float32Array | null }> {
  const base = {
    workload: spec.id,
    impl: impl.name,
    kind: impl.kind as ImplKind,
  };
  let work: Workload | null = null;
  // Live tensors of this implementation only. Garbage of earlier phases that a finalizer
  // frees meanwhile can lower the count, so only a rise counts as a leak.
  const liveTensors = (): number =>
    impl.kind === 'polygrad'
      ? (memory().backends[impl.name]?.tensors ?? 0)
      : impl.peer.tf.memory().numTensors;
  const tensorsBefore = liveTensors();
  try {
    if (impl.kind === 'tfjs') await impl.peer.activate();
    const counter = await compileCounter(impl);
    work = impl.kind === 'polygrad' ? spec.polygrad(impl.name) : spec.tfjs(impl.peer.tf);
    await progress.update(0, 1, 'first run (checked against the reference)');
    const c0 = counter?.();
    const t0 = performance.now();
    const values = await work.result();
    const firstMs = performance.now() - t0;
    const c1 = counter?.();
    const inner = spec.suite === 'small-op' ? budget.smallOpInner : 1;
    const t = await timeBudgeted(work.run, {
      ...budget,
      inner,
      onSample: (n) => {
        void progress.update(Math.min(n, budget.minSamples), budget.minSamples, `sample ${n}`);
      },
    });
    const c2 = counter?.();
    const compiles =
      c0 && c1 && c2
        ? {
            firstCall: c1.compiles - c0.compiles,
            firstCallMs: c1.compileMs - c0.compileMs,
            timed: c2.compiles - c1.compiles,
          }
        : null;
    work.dispose();
    work = null;
    return {
      entry: {
        ...base,
        medianMs: t.medianMs,
        minMs: t.minMs,
        firstMs,
        compiles,
        samples: t.samples,
        inner: t.inner,
        gflops: spec.flop ? spec.flop / t.medianMs / 1e6 : null,
        maxAbsDiff: reference ? maxAbsDiff(values, reference.values) : null,
        reference: reference?.impl ?? null,
        leakedTensors: Math.max(0, liveTensors() - tensorsBefore),
        error: null,
      },
      values,
    };
  } catch (e) {
    try {
      work?.dispose();
    } catch {
      // the error above is the one to report
    }
    return {
      entry: {
        ...base,
        medianMs: Number.NaN,
        minMs: Number.NaN,
        firstMs: Number.NaN,
        compiles: null,
        samples: 0,
        inner: 0,
        gflops: null,
        maxAbsDiff: null,
        reference: null,
        leakedTensors: 0,
        error: message(e),
      },
      values: null,
    };
  }
}

export interface SpeedCallbacks {
  /** Called before each case; returns its progress handle. */
  begin(spec: WorkloadSpec, impl: Impl): TaskProgress;
  /** Called after each case. */
  done?(spec: WorkloadSpec, impl: Impl, entry: SpeedEntry): void;
}

/**
 * Every workload on every implementation, workload by workload so each
 * implementation's values are checked against the first one's (cpu when present).
 */
export async function runSpeed(
  specs: readonly WorkloadSpec[],
  impls: readonly Impl[],
  quick: boolean,
  callbacks: SpeedCallbacks,
): Promise<SpeedSection> {
  const budget = speedBudget(quick);
  const entries: SpeedEntry[] = [];
  for (const spec of specs) {
    let reference: { impl: string; values: Float32Array } | null = null;
    for (const impl of impls) {
      const { entry, values } = await timeOne(spec, impl, budget, reference, callbacks.begin(spec, impl));
      entries.push(entry);
      callbacks.done?.(spec, impl, entry);
      if (!reference && values) reference = { impl: impl.name, values };
    }
  }
  return {
    workloads: specs.map(({ id, suite, label, flop, unit }) => ({ id, suite, label, flop, unit })),
    entries,
    budget: { warmup: budget.warmup, minSamples: budget.minSamples, maxTimeMs: budget.maxTimeMs },
  };
}
