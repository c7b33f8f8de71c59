import type { Backend, BackendKernels, DataHandle, DeviceInfo, DType, TypedArray } from '@polygrad/core';
import { binary, cast, compare, fill, range, select, unary } from './kernels/elementwise.js';
import {
  activationBackward,
  adamUpdate,
  crossEntropy,
  crossEntropyBackward,
  dropout,
  sgdUpdate,
  softmax,
  softmaxBackward,
} from './kernels/fused.js';
import { concat, expand, gather, pad, scatterAdd, slice, transpose } from './kernels/layout.js';
import { linear, matmul } from './kernels/matmul.js';
import { random } from './kernels/random.js';
import { argReduce, reduce } from './kernels/reduce.js';
import type { AllocatorStats } from './runtime/allocator.js';
import type { SimdLevel } from './runtime/builds.js';
import { WasmRuntime } from './runtime/runtime.js';
import type { ThreadStats } from './runtime/thread-pool.js';
import { WasmStorage } from './storage.js';

/**
 * Options of `createWasmBackend` (see the README's options table): name, threads, SIMD build, memory limits,
 * worker spin.
 */
export interface WasmBackendOptions {
  /** Name the backend reports (and must be registered under). Default 'wasm'. */
  readonly name?: string;
  /**
   * Kernel threads, the calling thread included. Default 'auto': min(2, cores)
   * where shared memory and workers are available, else 1 (deviceInfo says why).
   */
  readonly threads?: number | 'auto';
  /** Which build to run. Default 'auto': relaxed SIMD where the runtime validates it, else SIMD. */
  readonly simd?: 'auto' | SimdLevel;
  /** Linear memory to start with. Default 16 MiB. */
  readonly initialMemoryBytes?: number;
  /** Linear memory may grow up to this (rounded down to 64 KiB pages). Default 4 GiB, the wasm32 limit. */
  readonly maximumMemoryBytes?: number;
  /** Atomics.load iterations a worker spins before sleeping. Default 20 000 (tens of microseconds). */
  readonly workerSpin?: number;
}

/** The wasm backend, plus what it can tell about its linear memory. */
export interface WasmBackend extends Backend {
  /** Linear memory, heap and allocator counts (memory flat over training shows up here). */
  memoryInfo(): AllocatorStats;
  /** Multithreaded jobs run so far, their chunks, and how many chunks worker threads took. */
  threadStats(): ThreadStats;
}

const MATMUL_KERNEL = 'packed-B blocked GEMM, 4x8 f32x4 / 4x4 f64x2 register tiles, A read in place';

/**
 * Creates the WebAssembly backend: compiles the best build the runtime
 * validates, sets up linear memory and (where possible) kernel threads.
 * Throws, saying why, where WebAssembly SIMD is unavailable.
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const rt = await WasmRuntime.create({
    threads: options.threads ?? 'auto',
    simd: options.simd ?? 'auto',
    initialMemoryBytes: options.initialMemoryBytes ?? 16 * 2 ** 20,
    maximumMemoryBytes: options.maximumMemoryBytes ?? 2 ** 32,
    workerSpin: options.workerSpin ?? 20000,
  });
  const s = new WasmStorage(rt);
  const kernels: BackendKernels = {
    unary: (a) => unary(s, a),
    binary: (a) => binary(s, a),
    compare: (a) => compare(s, a),
    select: (a) => select(s, a),
    reduce: (a) => reduce(s, a),
    argReduce: (a) => argReduce(s, a),
    matmul: (a) => matmul(s, a),
    transpose: (a) => transpose(s, a),
    slice: (a) => slice(s, a),
    pad: (a) => pad(s, a),
    concat: (a) => concat(s, a),
    expand: (a) => expand(s, a),
    gather: (a) => gather(s, a),
    scatterAdd: (a) => scatterAdd(s, a),
    cast: (a) => cast(s, a),
    fill: (a) => fill(s, a),
    range: (a) => range(s, a),
    random: (a) => random(s, a),
    linear: (a) => linear(s, a),
    activationBackward: (a) => activationBackward(s, a),
    softmax: (a) => softmax(s, a),
    softmaxBackward: (a) => softmaxBackward(s, a),
    crossEntropy: (a) => crossEntropy(s, a),
    crossEntropyBackward: (a) => crossEntropyBackward(s, a),
    dropout: (a) => dropout(s, a),
    sgdUpdate: (a) => sgdUpdate(s, a),
    adamUpdate: (a) => adamUpdate(s, a),
  };
  const staticInfo = {
    device: 'wasm',
    build: rt.simd,
    simd: true,
    relaxedSimd: rt.simd === 'relaxed-simd',
    threads: rt.threads,
    sharedMemory: rt.shared,
    threadsNote: rt.threadsNote,
    runtime: rt.host,
    maximumMemoryBytes: rt.maximumBytes,
    matmulKernel: MATMUL_KERNEL,
  } as const;
  // Element offsets are int32 inside the module; a buffer also has to fit the memory.
  const maxBufferBytes = Math.min(2 ** 31 - 1, rt.maximumBytes - 2 ** 20);
  return {
    name: options.name ?? 'wasm',
    dtypes: ['float32', 'float64', 'int32', 'bool'] as const satisfies readonly DType[],
    precision: 'float64',
    capabilities: { int32: 'wrapping', hostMemory: true, maxBufferBytes },
    deviceInfo: (): DeviceInfo => ({ ...staticInfo, memoryBytes: rt.memory.buffer.byteLength }),
    upload: (values: TypedArray, dtype: DType): DataHandle => s.upload(values, dtype),
    read: (handle: DataHandle): Promise<TypedArray> => {
      try {
        return Promise.resolve(s.read(handle));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    readSync: (handle: DataHandle): TypedArray => s.read(handle),
    free: (handle: DataHandle): void => s.free(handle),
    memory: () => ({ buffers: s.buffers, bytes: s.bytes }),
    memoryInfo: () => rt.allocator.stats(),
    threadStats: () => rt.threadStats(),
    kernels,
    dispose: () => rt.dispose(),
  };
}
