/** The data of one comparison run: what `reports/compare.json` holds and what the page and report render. */
import type { WorkloadInfo } from '@polygrad/benchmarks/workloads';
import type { Category, FloatDType } from '@polygrad/conformance';

export const REPORT_SCHEMA = 1;

export interface BackendEntry {
  /** Registered backend name, e.g. `cpu`. */
  readonly name: string;
  /** The package that registered it (null: registered by the app itself, e.g. a test backend). */
  readonly package: string | null;
  readonly available: boolean;
  /** Why it cannot run here ('' when available). */
  readonly reason: string;
  readonly precision: string | null;
  readonly device: Readonly<Record<string, unknown>> | null;
  /** Whether this run included it. */
  readonly selected: boolean;
}

/** A backend package found and imported (or not). */
export interface PackageEntry {
  readonly name: string;
  readonly version: string;
  /** Backend names it registered on import. */
  readonly backends: readonly string[];
  /** Why importing it failed, or null. */
  readonly error: string | null;
}

/** A TF.js backend timed beside Polygrad (not a Polygrad backend). */
export interface PeerEntry {
  /** `peer:tfjs-cpu`, `peer:tfjs-wasm`. */
  readonly name: string;
  /** Display name, e.g. `TF.js cpu`. */
  readonly label: string;
  readonly available: boolean;
  readonly reason: string;
  readonly version: string;
  readonly details: Readonly<Record<string, string | number | boolean>>;
  readonly selected: boolean;
}

/** The worst case of a matrix cell: how close to its tolerance it came. */
export interface WorstCase {
  readonly case: string;
  readonly dtype: FloatDType;
  /** Error over what the tolerance allows (< 1 passes). */
  readonly toleranceUsed: number;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly atol: number;
  readonly rtol: number;
}

export interface MatrixCell {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly declined: number;
  readonly skipped: number;
  readonly worst: WorstCase | null;
  /** The first failing cases (name, dtype, message). */
  readonly failures: readonly { case: string; dtype: FloatDType; message: string }[];
  /** Declined cases with the backend's reason. */
  readonly declines: readonly { case: string; dtype: FloatDType; reason: string }[];
}

/** One run of the suite on one backend at one dtype. */
export interface ConformanceRun {
  readonly backend: string;
  readonly dtype: FloatDType;
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly declined: number;
  readonly skipped: number;
  readonly durationMs: number;
  /** The run itself could not proceed (backend threw outside a case). */
  readonly error: string | null;
}

export interface ConformanceSection {
  readonly dtypes: readonly FloatDType[];
  readonly categories: readonly Category[];
  readonly runs: readonly ConformanceRun[];
  /** category → backend → cell; the row `all` sums every category. */
  readonly matrix: Readonly<Record<string, Readonly<Record<string, MatrixCell>>>>;
}

export type ImplKind = 'polygrad' | 'tfjs';

/** One workload timed on one implementation. */
export interface SpeedEntry {
  readonly workload: string;
  /** Polygrad backend name, or the peer's id (`peer:tfjs-cpu`). */
  readonly impl: string;
  readonly kind: ImplKind;
  readonly medianMs: number;
  readonly minMs: number;
  /**
   * The first call, before any warm-up (compiles its kernels or shaders, runs, reads back):
   * against `medianMs` it shows what a first use costs on a GPU backend.
   */
  readonly firstMs: number;
  /**
   * Kernels a Polygrad backend compiled (backends that count them, e.g. webgl's `stats()`):
   * during the first call, the milliseconds spent compiling them, and during the warm-up and timed samples
   * (0 when the kernel cache works). Null for backends that do not count, and for TF.js.
   */
  readonly compiles: {
    readonly firstCall: number;
    readonly firstCallMs: number;
    readonly timed: number;
  } | null;
  readonly samples: number;
  /** Calls per timed sample. */
  readonly inner: number;
  /** matmul: 2n³ / median time. */
  readonly gflops: number | null;
  /** Largest |difference| of the values read back against the reference implementation's (null: this is the reference). */
  readonly maxAbsDiff: number | null;
  /** Which implementation `maxAbsDiff` is measured against. */
  readonly reference: string | null;
  /** Tensors the workload left alive after it was disposed (must be 0). */
  readonly leakedTensors: number;
  /** Why it could not be timed, or null. */
  readonly error: string | null;
}

export interface SpeedSection {
  readonly workloads: readonly WorkloadInfo[];
  readonly entries: readonly SpeedEntry[];
  /** Sampling budget per case. */
  readonly budget: { readonly warmup: number; readonly minSamples: number; readonly maxTimeMs: number };
}

export interface MnistRun {
  readonly backend: string;
  readonly testAccuracy: number;
  readonly reachedTarget: boolean;
  readonly seconds: number;
  readonly samplesPerSecond: number;
  /** Loss of every minibatch in order. */
  readonly batchLosses: readonly number[];
  readonly epochs: readonly { epoch: number; loss: number; testAccuracy: number; seconds: number }[];
  readonly trainSize: number;
  readonly testSize: number;
  /** Live tensors after training minus before (must be 0). */
  readonly leakedTensors: number;
  readonly error: string | null;
}

/** Where the loss curves of two backends are furthest apart. */
export interface CurveGap {
  readonly batch: number;
  readonly value: number;
  /** Highest and lowest backend at that batch. */
  readonly high: string;
  readonly low: string;
}

export interface MnistSection {
  readonly target: number;
  readonly options: Readonly<Record<string, string | number | boolean | null>>;
  readonly runs: readonly MnistRun[];
  readonly largestGap: CurveGap | null;
}

export interface Environment {
  /** e.g. `Node v20.19.1` or the browser's user agent. */
  readonly runtime: string;
  readonly platform: string;
  readonly cpu: string | null;
  readonly cores: number | null;
  /** Browser only: SharedArrayBuffer and wasm threads allowed. */
  readonly crossOriginIsolated: boolean | null;
  readonly commit: string | null;
}

export interface CompareReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly date: string;
  /** `node` (CLI) or `browser` (the page). */
  readonly where: 'node' | 'browser';
  readonly environment: Environment;
  readonly settings: {
    readonly quick: boolean;
    readonly mnist: boolean;
    readonly dtypes: readonly FloatDType[];
    readonly command: string | null;
  };
  readonly packages: readonly PackageEntry[];
  readonly backends: readonly BackendEntry[];
  readonly peers: readonly PeerEntry[];
  readonly conformance: ConformanceSection | null;
  readonly speed: SpeedSection | null;
  readonly mnist: MnistSection | null;
  readonly durationS: number;
}
