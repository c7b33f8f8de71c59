import type { Backend, BackendKernels, DataHandle, DeviceInfo, DType, TypedArray } from '@polygrad/core';
import { activationBackward } from './kernels/activation-backward.js';
import { adamUpdate } from './kernels/adam-update.js';
import { argReduce } from './kernels/arg-reduce.js';
import { binary } from './kernels/binary.js';
import { cast } from './kernels/cast.js';
import { compare } from './kernels/compare.js';
import { concat } from './kernels/concat.js';
import { crossEntropy } from './kernels/cross-entropy.js';
import { crossEntropyBackward } from './kernels/cross-entropy-backward.js';
import { dropout } from './kernels/dropout.js';
import { expand } from './kernels/expand.js';
import { fill } from './kernels/fill.js';
import { gather } from './kernels/gather.js';
import { linear } from './kernels/linear.js';
import { matmul, matmulKernelKind } from './kernels/matmul.js';
import { pad } from './kernels/pad.js';
import { random } from './kernels/random.js';
import { range } from './kernels/range.js';
import { reduce } from './kernels/reduce.js';
import { scatterAdd } from './kernels/scatter-add.js';
import { select } from './kernels/select.js';
import { sgdUpdate } from './kernels/sgd-update.js';
import { slice } from './kernels/slice.js';
import { softmax } from './kernels/softmax.js';
import { softmaxBackward } from './kernels/softmax-backward.js';
import { transpose } from './kernels/transpose.js';
import { unary } from './kernels/unary.js';
import { CpuStorage } from './storage.js';

function runtime(): string {
  const g = globalThis as { process?: { versions?: { node?: string } }; Deno?: unknown; Bun?: unknown };
  if (g.Deno !== undefined) return 'deno';
  if (g.Bun !== undefined) return 'bun';
  if (g.process?.versions?.node) return 'node';
  return 'browser';
}

/**
 * The reference backend: dense row-major typed arrays, every kernel in plain
 * TypeScript. float64 tensors compute in float64, float32 tensors store float32.
 */
export function createCpuBackend(): Backend {
  const s = new CpuStorage();
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
  const info: DeviceInfo = Object.freeze({
    device: 'cpu',
    threads: 1,
    simd: false,
    runtime: runtime(),
    matmulKernel: matmulKernelKind(),
  });
  return {
    name: 'cpu',
    dtypes: ['float32', 'float64', 'int32', 'bool'] as const satisfies readonly DType[],
    precision: 'float64',
    // Typed arrays in this process: reading is a copy, so index ranges are checked at once.
    capabilities: { hostMemory: true },
    deviceInfo: () => info,
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
    kernels,
  };
}
