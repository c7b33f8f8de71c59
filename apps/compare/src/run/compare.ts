/**
 * One comparison run, the same in Node and in a browser: the conformance suite
 * on every selected backend (each float dtype it stores), the speed set on
 * every selected backend and TF.js peer, and optionally MNIST per backend.
 */
import type { CaseResult, FloatDType } from '@polygrad/conformance';
import { CATEGORIES } from '@polygrad/conformance';
import { buildMatrix, caseCount, runSuite } from './conformance.js';
import { largestGap, type MnistRunner } from './mnist.js';
import type { ConformanceRun, ConformanceSection, MnistRun, MnistSection, SpeedSection } from './model.js';
import type { PeerRuntime } from './peers.js';
import { type PlannedTask, type ProgressSink, ProgressTracker } from './progress.js';
import { caseWeight, type Impl, runSpeed, speedSet } from './speed.js';

export interface CompareOptions {
  /** Polygrad backends to run (available ones). */
  readonly backends: readonly string[];
  /** TF.js peers to time beside them. */
  readonly peers: readonly PeerRuntime[];
  readonly quick: boolean;
  readonly dtypes: readonly FloatDType[];
  readonly conformance: boolean;
  readonly speed: boolean;
  /** Only these workloads of the speed set (ids, e.g. `matmul-256`); default all. */
  readonly workloads?: readonly string[];
  readonly mnist: MnistRunner | null;
  readonly onProgress?: ProgressSink;
  /** A line per finished task (the CLI prints them when not on a terminal). */
  readonly log?: (line: string) => void;
}

export interface CompareResults {
  readonly conformance: ConformanceSection | null;
  readonly speed: SpeedSection | null;
  readonly mnist: MnistSection | null;
}

/** Expected seconds of one conformance run (progress weights only). */
const CONFORMANCE_WEIGHT = 1.5;

export async function runCompare(o: CompareOptions): Promise<CompareResults> {
  const specs = o.speed ? speedSet(o.quick).filter((s) => !o.workloads || o.workloads.includes(s.id)) : [];
  if (o.workloads)
    for (const id of o.workloads)
      if (!speedSet(o.quick).some((s) => s.id === id))
        throw new Error(
          `runCompare: no workload '${id}' in the ${o.quick ? 'quick' : 'full'} speed set; expected one of ${speedSet(
            o.quick,
          )
            .map((s) => s.id)
            .join(', ')}`,
        );
  const impls: Impl[] = [
    ...o.backends.map((name) => ({ kind: 'polygrad' as const, name })),
    ...o.peers.map((peer) => ({ kind: 'tfjs' as const, name: peer.name, peer })),
  ];
  const conformanceTasks: PlannedTask[] = o.conformance
    ? o.backends.flatMap((b) =>
        o.dtypes.map((d) => ({
          phase: 'conformance' as const,
          task: `conformance ${b} ${d}`,
          weight: CONFORMANCE_WEIGHT,
        })),
      )
    : [];
  const speedTasks = new Map<string, PlannedTask>();
  for (const spec of specs)
    for (const impl of impls)
      speedTasks.set(`${spec.id}|${impl.name}`, {
        phase: 'speed',
        task: `${spec.label} on ${impl.kind === 'tfjs' ? impl.peer.label : impl.name}`,
        weight: caseWeight(spec, o.quick),
      });
  const mnist = o.mnist;
  const mnistTasks: PlannedTask[] = mnist
    ? o.backends.map((b) => ({ phase: 'mnist' as const, task: `MNIST on ${b}`, weight: mnist.weight }))
    : [];
  const tracker = new ProgressTracker(
    [...conformanceTasks, ...speedTasks.values(), ...mnistTasks],
    o.onProgress,
  );

  let conformance: ConformanceSection | null = null;
  if (o.conformance) {
    const runs: ConformanceRun[] = [];
    const byBackend = new Map<string, CaseResult[]>();
    let i = 0;
    for (const b of o.backends) {
      const all: CaseResult[] = [];
      for (const d of o.dtypes) {
        const progress = tracker.begin(conformanceTasks[i++]);
        await progress.update(0, caseCount(), 'starting');
        const { run, results } = await runSuite(b, d, progress);
        runs.push(run);
        all.push(...results);
        o.log?.(
          `conformance ${b} ${d}: ${run.error ? `not run (${run.error})` : `${run.passed} passed, ${run.failed} failed, ${run.declined} declined, ${run.skipped} skipped`} in ${(run.durationMs / 1000).toFixed(1)} s`,
        );
      }
      byBackend.set(b, all);
    }
    conformance = { dtypes: o.dtypes, categories: CATEGORIES, runs, matrix: buildMatrix(byBackend) };
  }

  let speed: SpeedSection | null = null;
  if (o.speed) {
    speed = await runSpeed(specs, impls, o.quick, {
      begin: (spec, impl) => tracker.begin(speedTasks.get(`${spec.id}|${impl.name}`)!),
      done: (spec, impl, entry) =>
        o.log?.(
          `speed ${spec.label} on ${impl.kind === 'tfjs' ? impl.peer.label : impl.name}: ${entry.error ? `failed (${entry.error})` : `${entry.medianMs.toFixed(entry.medianMs < 0.01 ? 5 : 3)} ms median of ${entry.samples}${entry.gflops ? `, ${entry.gflops.toFixed(2)} GFLOPS` : ''}`}`,
        ),
    });
  }

  let mnistSection: MnistSection | null = null;
  if (mnist) {
    const runs: MnistRun[] = [];
    for (const [i, b] of o.backends.entries()) {
      const r = await mnist.run(b, tracker.begin(mnistTasks[i]));
      runs.push(r);
      o.log?.(
        `MNIST on ${b}: ${r.error ? `failed (${r.error})` : `${(100 * r.testAccuracy).toFixed(2)}% test accuracy in ${r.seconds.toFixed(1)} s`}`,
      );
    }
    mnistSection = {
      target: mnist.target,
      options: mnist.options,
      runs,
      largestGap: largestGap(runs),
    };
  }
  await tracker.finish();
  return { conformance, speed, mnist: mnistSection };
}
