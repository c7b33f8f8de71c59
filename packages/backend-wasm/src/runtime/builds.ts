/**
 * Choosing and compiling one of the four inlined WebAssembly builds.
 * Relaxed SIMD (fused multiply-add) is used where `WebAssembly.validate`
 * accepts it (Chromium 114+, Node 22+; Node 20 only with
 * --experimental-wasm-relaxed-simd); plain 128-bit SIMD is required.
 */
import {
  WASM_RELAXED_SIMD,
  WASM_RELAXED_SIMD_SHARED,
  WASM_SIMD,
  WASM_SIMD_SHARED,
} from '../generated/wasm-builds.js';

/**
 * Which WebAssembly build runs: 128-bit SIMD, or relaxed SIMD (fused multiply-add) where the runtime
 * validates it.
 */
export type SimdLevel = 'relaxed-simd' | 'simd';

/** The functions the module exports (assembly/index.ts). */
export interface KernelExports {
  runChunk(job: number, chunk: number, work: number): void;
  normalizeBool(ptr: number, n: number): void;
  matmulWorkBytes(ncMax: number): number;
  heapBase(): number;
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const cache = new Map<string, Promise<WebAssembly.Module>>();

function bytesOf(level: SimdLevel, shared: boolean): Uint8Array<ArrayBuffer> {
  if (level === 'relaxed-simd') return decodeBase64(shared ? WASM_RELAXED_SIMD_SHARED : WASM_RELAXED_SIMD);
  return decodeBase64(shared ? WASM_SIMD_SHARED : WASM_SIMD);
}

/** Which SIMD level this runtime validates, best first; null when it has no 128-bit SIMD. */
export function detectSimd(): SimdLevel | null {
  if (WebAssembly.validate(bytesOf('relaxed-simd', false))) return 'relaxed-simd';
  if (WebAssembly.validate(bytesOf('simd', false))) return 'simd';
  return null;
}

/**
 * The compiled module for a SIMD level and memory kind, compiled once per
 * process. Asynchronous: browsers refuse to compile modules over 4 KB
 * synchronously on the main thread.
 */
export function compiledModule(level: SimdLevel, shared: boolean): Promise<WebAssembly.Module> {
  const key = `${level}:${shared}`;
  let m = cache.get(key);
  if (!m) {
    m = WebAssembly.compile(bytesOf(level, shared));
    cache.set(key, m);
  }
  return m;
}

/** The imports every instance gets (workers build the same object in worker-source.ts). */
export function moduleImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return {
    env: {
      memory,
      abort: () => {
        throw new Error('abort called in the WebAssembly kernels');
      },
    },
  };
}

/** Instantiate `module` on `memory`. */
export async function instantiate(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, moduleImports(memory));
  return instance.exports as unknown as KernelExports;
}
