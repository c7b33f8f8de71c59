/**
 * Polygrad backends under test: cpu, wasm with its default threads and with one thread, and
 * webgl (its own suite: software GL in Node is too slow for the shared matmul sizes).
 */
export type PolygradImpl = 'polygrad-cpu' | 'polygrad-wasm' | 'polygrad-wasm-1t' | 'polygrad-webgl';
/** Polygrad on TF.js's kernels through @polygrad/backend-tfjs (suite d). */
export type AdapterImpl = 'polygrad-tfjs-cpu' | 'polygrad-tfjs-wasm';
export type Impl = PolygradImpl | AdapterImpl | 'tfjs-cpu' | 'tfjs-wasm';

/** One timed case. Times are per operation (one matmul, one add, one training step). */
export interface Row {
  readonly suite: 'matmul' | 'small-op' | 'mlp-step' | 'tfjs-adapter-op' | 'tfjs-adapter-step' | 'webgl';
  /** What is computed, e.g. "512 A·B". */
  readonly case: string;
  readonly impl: Impl;
  /** How it is called, e.g. "public API + dataSync" or "raw kernel". */
  readonly path: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly samples: number;
  /** Operations per timed sample. */
  readonly inner: number;
  /** matmul only: 2n³ / time, at the median and at the best time. */
  readonly gflops?: { readonly median: number; readonly best: number };
}

/**
 * `speedup` = time(other) / time(polygrad), medians: > 1 means Polygrad is
 * faster by that factor, < 1 means the other is faster (1 / speedup = how much).
 */
export interface Ratio {
  readonly suite: Row['suite'];
  readonly case: string;
  readonly polygrad: string;
  readonly other: string;
  readonly speedup: number;
}

export interface SuiteResult {
  readonly rows: Row[];
  readonly ratios: Ratio[];
  /** Correctness / leak checks done alongside the timings. */
  readonly checks: Record<string, number | string | boolean>;
}

/** A Polygrad implementation: the name rows carry and the registered backend it runs on. */
export interface PolygradBackend {
  readonly impl: PolygradImpl;
  readonly backend: string;
}

export interface BenchConfig {
  readonly quick: boolean;
  /** Every implementation in the run (Polygrad ones and the available TF.js peers). */
  readonly peers: readonly Impl[];
  /** The Polygrad backends that initialised, in run order (cpu first). */
  readonly polygrad: readonly PolygradBackend[];
}

export function isPolygrad(impl: Impl): impl is PolygradImpl {
  return impl.startsWith('polygrad-') && !impl.startsWith('polygrad-tfjs-');
}

export function ratio(suite: Row['suite'], c: string, poly: Row, other: Row): Ratio {
  return {
    suite,
    case: c,
    polygrad: `${poly.impl} (${poly.path})`,
    other: `${other.impl} (${other.path})`,
    speedup: other.medianMs / poly.medianMs,
  };
}

/** Uniform values in [-1, 1) from a seeded mulberry32 stream, identical for every implementation. */
export function seededUniform(n: number, seed: number, scale = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}
