import type { DType, TypedArray } from '../dtype.js';
import type { BackendKernels, DataHandle, KernelName } from './kernel-table.js';

/**
 * The arithmetic a backend really does for floating-point tensors. Conformance
 * tolerances are derived from it, never set per case.
 * - `float64`: float64 tensors computed in float64 (and float32 in float32).
 * - `float32`: IEEE single precision throughout.
 * - `reduced`: less than IEEE single (e.g. WebGL with mediump or fast math).
 */
export type Precision = 'float64' | 'float32' | 'reduced';

/**
 * What a backend reports about the device it runs on (e.g. `device`, `threads`, `simd`, the GL renderer),
 * shown by `listBackends`.
 */
export type DeviceInfo = Readonly<Record<string, string | number | boolean>>;

/** Bytes and buffers a backend currently holds. */
export interface BackendMemory {
  readonly buffers: number;
  readonly bytes: number;
}

/**
 * How a backend holds int32 tensors.
 * - `wrapping`: exact 32-bit two's complement; sums and products wrap modulo 2^32.
 * - `float24`: emulated in float32: exact for |x| <= 2^24 (16777216), no wrapping
 *   (e.g. WebGL float textures, TF.js webgl).
 */
export type Int32Semantics = 'wrapping' | 'float24';

/** Why a backend declines a kernel: one reason for every dtype, or reasons per dtype. */
export type DeclineReason = string | { readonly [D in DType]?: string };

/**
 * What a backend really does, declared once and read by core and by the
 * conformance suite (which checks the declaration is true, and reports cases
 * that depend on a declined kernel as "declined", never as passed).
 */
export interface BackendCapabilities {
  /** Default `wrapping`. */
  readonly int32?: Int32Semantics;
  /**
   * (kernel, dtype) pairs the backend declines, with the reason. Core then uses
   * its fallback: the composition of primitives for a fused kernel; for `random`,
   * numbers generated on the host (core's counter-based generator) and uploaded.
   * Declining any other primitive kernel for a dtype the backend lists in
   * `dtypes` makes the ops that need it throw a BackendError saying so, and
   * conformance counts those cases as failed.
   */
  readonly declines?: { readonly [K in KernelName]?: DeclineReason };
  /**
   * Tensors live in host memory (typed arrays, WebAssembly memory) and `readSync`
   * is a copy, not a device stall. Core then checks data-dependent arguments
   * (index ranges) at once, before the op's kernel runs. On other backends
   * such checks run on the device and are judged at the next read. Default false.
   */
  readonly hostMemory?: boolean;
  /** Largest single buffer the backend can allocate, in bytes (core refuses bigger tensors up front). */
  readonly maxBufferBytes?: number;
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
  /** What the backend really does per dtype, and what it declines. Absent = every default. */
  readonly capabilities?: BackendCapabilities;
  /** Facts about the device, for `listBackends()` and reports. */
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
  /** The bytes and buffers the backend holds now. */
  memory(): BackendMemory;

  // ---- kernels ----
  readonly kernels: BackendKernels;

  /** Release everything (e.g. GL contexts). Optional. */
  dispose?(): void;
}

/** Creates a backend, or throws an Error whose message says why it cannot run here. */
export type BackendFactory = () => Backend | Promise<Backend>;
