import type { Backend, BackendKernels, DataHandle, DeviceInfo, DType, TypedArray } from '@polygrad/core';
import { GLDevice } from './device.js';
import { type OpenOptions, openGLContext } from './gl/context.js';
import { binary, cast, compare, fill, range, select, unary } from './kernels/elementwise.js';
import { concat, expand, gather, pad, scatterAdd, slice, transpose } from './kernels/layout.js';
import { linear, matmul } from './kernels/matmul.js';
import { activationBackward, adamUpdate, sgdUpdate } from './kernels/optimizers.js';
import { argReduce, reduce } from './kernels/reduce.js';
import { crossEntropy, crossEntropyBackward, softmax, softmaxBackward } from './kernels/softmax.js';

/** Options of `createWebGLBackend`: the GL mode to force and how to explain a context that cannot open. */
export type WebGLBackendOptions = OpenOptions;

/** The backend object plus counters tests and benchmarks read (compiles, runs). */
export interface WebGLBackend extends Backend {
  /** Kernel compilations so far, compile time, and kernel runs. */
  stats(): { compiles: number; compileMs: number; runs: number };
  /** Wait for the GL queue to drain (timing, and reclaiming deleted textures). */
  finish(): void;
  /** The storage and kernel cache behind the kernels (tests exercise its guards). */
  readonly device: GLDevice;
}

const RNG_DECLINED =
  "GLSL ES 1.0 has no 32-bit unsigned integer arithmetic for core's counter-based generator (fmix32); core generates the numbers on the host and uploads them";

/**
 * gpu.js kernels on a real WebGL context (headless-gl in Node, WebGL2 in a
 * browser). Throws, saying why, when no such context can be opened.
 */
export function createWebGLBackend(options: WebGLBackendOptions = {}): WebGLBackend {
  const ctx = openGLContext(options);
  const dev = new GLDevice(ctx);
  const kernels: BackendKernels = {
    unary: (a) => unary(dev, a),
    binary: (a) => binary(dev, a),
    compare: (a) => compare(dev, a),
    select: (a) => select(dev, a),
    reduce: (a) => reduce(dev, a),
    argReduce: (a) => argReduce(dev, a),
    matmul: (a) => matmul(dev, a),
    transpose: (a) => transpose(dev, a),
    slice: (a) => slice(dev, a),
    pad: (a) => pad(dev, a),
    concat: (a) => concat(dev, a),
    expand: (a) => expand(dev, a),
    gather: (a) => gather(dev, a),
    scatterAdd: (a) => scatterAdd(dev, a),
    cast: (a) => cast(dev, a),
    fill: (a) => fill(dev, a),
    range: (a) => range(dev, a),
    random: () => {
      throw new Error(`webgl random: declined (${RNG_DECLINED})`);
    },
    linear: (a) => linear(dev, a),
    activationBackward: (a) => activationBackward(dev, a),
    softmax: (a) => softmax(dev, a),
    softmaxBackward: (a) => softmaxBackward(dev, a),
    crossEntropy: (a) => crossEntropy(dev, a),
    crossEntropyBackward: (a) => crossEntropyBackward(dev, a),
    sgdUpdate: (a) => sgdUpdate(dev, a),
    adamUpdate: (a) => adamUpdate(dev, a),
  };
  const info: DeviceInfo = Object.freeze({
    device: 'webgl',
    mode: ctx.info.mode,
    kernelClass: ctx.info.kernelClass,
    glVersion: ctx.info.glVersion,
    glslVersion: ctx.info.glslVersion,
    renderer: ctx.info.renderer,
    vendor: ctx.info.vendor,
    maxTextureSize: ctx.info.maxTextureSize,
    precision: 'single (highp float32 textures)',
  });
  return {
    name: 'webgl',
    dtypes: ['float32', 'int32', 'bool'] as const satisfies readonly DType[],
    precision: 'float32',
    capabilities: {
      int32: 'float24',
      declines: {
        random: RNG_DECLINED,
        dropout: `its mask needs the same generator: ${RNG_DECLINED}`,
      },
      // One float32 per texel of the largest square texture.
      maxBufferBytes: dev.maxTexels * 4,
    },
    deviceInfo: () => info,
    upload: (values: TypedArray, dtype: DType): DataHandle => dev.upload(values, dtype),
    read: (handle: DataHandle): Promise<TypedArray> => {
      try {
        return Promise.resolve(dev.read(handle));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    readSync: (handle: DataHandle): TypedArray => dev.read(handle),
    free: (handle: DataHandle): void => dev.free(handle),
    memory: () => ({ buffers: dev.buffers, bytes: dev.bytes }),
    kernels,
    stats: () => ({ compiles: dev.compiles, compileMs: dev.compileMs, runs: dev.runs }),
    finish: () => dev.finish(),
    device: dev,
  };
}
