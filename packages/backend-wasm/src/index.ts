/**
 * @polygrad/backend-wasm — AssemblyScript SIMD kernels in WebAssembly,
 * multithreaded over shared memory. Importing this module registers the
 * backend as 'wasm' (default options); `createWasmBackend(options)` makes
 * more instances (e.g. a given thread count) to register under other names.
 */
import { registerBackend } from '@polygrad/core';
import { createWasmBackend } from './backend.js';

export { createWasmBackend, type WasmBackend, type WasmBackendOptions } from './backend.js';
export type { AllocatorStats } from './runtime/allocator.js';
export type { SimdLevel } from './runtime/builds.js';
export type { ThreadStats } from './runtime/thread-pool.js';
export { WasmHandle } from './storage.js';

registerBackend('wasm', () => createWasmBackend(), { priority: 2 });
