/** What each TF.js backend really does, declared once (core and the conformance suite read it). */
import type { BackendCapabilities, Int32Semantics, Precision } from '@polygrad/core';

/** The TF.js backends the adapter runs on. */
export type TfjsBackendKind = 'cpu' | 'wasm' | 'webgl';

/** Every TF.js backend kind, in registration order. */
export const TFJS_KINDS: readonly TfjsBackendKind[] = ['cpu', 'wasm', 'webgl'];

/**
 * What one TF.js backend really does, declared once: its package, precision, int32 semantics, memory and
 * priority.
 */
export interface TfjsProfile {
  /** The npm package that registers this TF.js backend. */
  readonly package: string;
  readonly precision: Precision;
  readonly int32: Int32Semantics;
  /** Tensors live in host memory (JS typed arrays, WebAssembly memory): readSync is a copy, not a device stall. */
  readonly hostMemory: boolean;
  /** `registerBackend` priority: below Polygrad's own backends, so 'auto' never prefers an adapter. */
  readonly priority: number;
}

/** The profile of each TF.js backend kind. */
export const TFJS_PROFILES: Readonly<Record<TfjsBackendKind, TfjsProfile>> = {
  // Plain JS over typed arrays: float32 ops are computed in float64 and rounded once; int32 in Int32Array wraps.
  cpu: {
    package: '@tensorflow/tfjs-backend-cpu',
    precision: 'float32',
    int32: 'wrapping',
    hostMemory: true,
    priority: -3,
  },
  // XNNPACK / C++ float32 and int32_t arithmetic: wraps.
  wasm: {
    package: '@tensorflow/tfjs-backend-wasm',
    precision: 'float32',
    int32: 'wrapping',
    hostMemory: true,
    priority: -2,
  },
  // Float textures (float16 on devices without float32 render targets) and GPU transcendental
  // approximations: less than IEEE single. int32 lives in float textures: exact to 2^24, no wrapping.
  webgl: {
    package: '@tensorflow/tfjs-backend-webgl',
    precision: 'reduced',
    int32: 'float24',
    hostMemory: false,
    priority: -2,
  },
};

/**
 * Declared the same on every TF.js backend. Core's fallbacks give the same
 * numbers as every other backend: random generated on the host and uploaded,
 * dropout composed from those numbers and primitives.
 */
export const TFJS_DECLINES: NonNullable<BackendCapabilities['declines']> = {
  random:
    "TF.js has no integer bit operations (xor, shifts, 32-bit multiply) to run core's counter-based generator on the device",
  dropout: "its mask comes from core's counter-based generator, which TF.js cannot run on the device",
};
