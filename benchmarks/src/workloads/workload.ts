/**
 * A workload is one repeatable operation on one implementation (a Polygrad
 * backend or a TF.js backend), its inputs already on the device. The suites
 * here and apps/compare time the same workloads, so every figure measures the
 * same code. Nothing in this folder imports a Node built-in: it also runs in browsers.
 */
import type { Tensor } from '@polygrad/core';
import type * as tfCore from '@tensorflow/tfjs-core';

/** The TF.js API the peer workloads use (tfjs-core, whichever backend is active). */
export type Tfjs = typeof tfCore;

export interface Workload {
  /**
   * Run the operation once, including reading the result back to the host (what a user
   * pays). Synchronous where the implementation reads back synchronously.
   */
  run(): void | Promise<void>;
  /** Run once and return the values read back (cross-implementation checks). */
  result(): Promise<Float32Array>;
  /** Free the inputs. */
  dispose(): void;
}

/** What a workload computes, independent of who computes it. */
export interface WorkloadInfo {
  /** Stable id, e.g. `matmul-512-bt`. */
  readonly id: string;
  readonly suite: 'matmul' | 'small-op' | 'softmax-ce' | 'mlp-step';
  /** Human label, e.g. `matmul 512 A·Bᵀ`. */
  readonly label: string;
  /** Floating-point operations per run, when meaningful (matmul: 2n³). */
  readonly flop?: number;
  /** Unit the figure is best read in. */
  readonly unit: 'ms' | 'µs';
}

export interface WorkloadSpec extends WorkloadInfo {
  polygrad(backend: string): Workload;
  tfjs(tf: Tfjs): Workload;
}

/** Read a tensor back: synchronously when its backend can, else asynchronously. */
export function readBack(t: Tensor): Float32Array | Promise<Float32Array> {
  if (t.backend.readSync) return Float32Array.from(t.dataSync());
  return t.data().then((v) => Float32Array.from(v));
}

/** Whether a Polygrad backend reads back synchronously (then its workloads run synchronously). */
export function readsSync(t: Tensor): boolean {
  return typeof t.backend.readSync === 'function';
}
