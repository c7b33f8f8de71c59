import type { DType, TypedArray } from '../dtype.js';
import type { BackendKernels, DataHandle } from './kernel-table.js';

/**
 * The arithmetic a backend really does for floating-point tensors. Conformance
 * tolerances are derived from it, never set per case.
 * - `float64`: float64 tensors computed in float64 (and float32 in float32).
 * - `float32`: IEEE single precision throughout.
 * - `reduced`: less than IEEE single (e.g. WebGL with mediump or fast math).
 */
export type Precision = 'float64' | 'float32' | 'reduced';

export type DeviceInfo = Readonly<Record<string, string | number | boolean>>;

/** Bytes and buffers a backend currently holds. */
export interface BackendMemory {
  readonly buffers: number;
  readonly bytes: number;
}

/**
 * A backend is storage plus kernels, nothing else. Gradients, validation,
 * broadcasting rules and compositions for missing fused kernels live in core.
 */
export interface Backend {
  readonly name: string;
  /** Dtypes this backend stores; tensors of others are rejected with a clear error. */
  readonly dtypes: readonly DType[];
  readonly precision: Precision;
  deviceInfo(): DeviceInfo;

  // ---- storage ----
  /** Copy `values` into new backend storage. The caller keeps ownership of `values`. */
  upload(values: TypedArray, dtype: DType): DataHandle;
  /** Read a handle's whole contents into a new array the caller owns. Always available. */
  read(handle: DataHandle): Promise<TypedArray>;
  /** Synchronous read, where the device allows it (absent on async-only devices). */
  readSync?(handle: DataHandle): TypedArray;
  /** Release storage. Core calls it exactly once per handle, when no tensor refers to it. */
  free(handle: DataHandle): void;
  memory(): BackendMemory;

  // ---- kernels ----
  readonly kernels: BackendKernels;

  /** Release everything (e.g. GL contexts). Optional. */
  dispose?(): void;
}

/** Creates a backend, or throws an Error whose message says why it cannot run here. */
export type BackendFactory = () => Backend | Promise<Backend>;
