import type { Backend, BackendKernels, DeviceInfo, DType } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { KernelContext } from './context.js';
import { detectFixes, fixNames } from './fixes.js';
import { activationBackward } from './kernels/activation-backward.js';
import { adamUpdate } from './kernels/adam-update.js';
import { argReduce } from './kernels/arg-reduce.js';
import { binary } from './kernels/binary.js';
import { cast } from './kernels/cast.js';
import { compare } from './kernels/compare.js';
import { concat } from './kernels/concat.js';
import { crossEntropy } from './kernels/cross-entropy.js';
import { crossEntropyBackward } from './kernels/cross-entropy-backward.js';
import { expand } from './kernels/expand.js';
import { fill } from './kernels/fill.js';
import { gather } from './kernels/gather.js';
import { linear } from './kernels/linear.js';
import { matmul } from './kernels/matmul.js';
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
import { TFJS_DECLINES, TFJS_PROFILES, type TfjsBackendKind } from './profiles.js';
import { TfjsStorage } from './storage.js';

/**
 * Run `f` with TF.js's console warnings captured (its failure reasons arrive
 * there, and tfjs-backend-cpu greets Node users on its first tensor).
 */
async function capturingWarnings<T>(f: () => Promise<T> | T): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  try {
    return { value: await f(), warnings };
  } finally {
    console.warn = warn;
  }
}

async function deviceDetails(kind: TfjsBackendKind): Promise<Record<string, string | number | boolean>> {
  if (kind === 'wasm') {
    return {
      simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
      multithread: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
    };
  }
  if (kind === 'webgl') {
    return {
      webglVersion: tf.env().getNumber('WEBGL_VERSION'),
      float32Textures: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
    };
  }
  return { threads: 1 };
}

/**
 * A Polygrad backend whose kernels run on TF.js's `kind` backend. The TF.js
 * backend package must be installed and imported (it registers itself with
 * tfjs-core); this initialises it, or throws saying why it cannot run here.
 * TF.js's active backend is restored afterwards; each kernel call makes its
 * own backend active when another one is.
 */
export async function createTfjsBackend(kind: TfjsBackendKind, name = `tfjs-${kind}`): Promise<Backend> {
  const profile = TFJS_PROFILES[kind];
  if (tf.findBackendFactory(kind) === null) {
    const browserOnly = kind === 'webgl' ? ` (${profile.package} registers itself only in a browser)` : '';
    throw new Error(
      `TF.js has no '${kind}' backend: install ${profile.package}@${tf.version_core} and import it, or import '@polygrad/backend-tfjs/${kind}'${browserOnly}`,
    );
  }
  const previous = tf.getBackend() as string | undefined;
  const { value: init, warnings } = await capturingWarnings(async () => {
    const ok = await tf.setBackend(kind);
    return ok && tf.getBackend() === kind
      ? { fixes: detectFixes(profile.int32 === 'wrapping'), details: await deviceDetails(kind) }
      : null;
  });
  if (init === null) {
    const why = warnings.join(' ').replace(/\s+/g, ' ').trim();
    throw new Error(`TF.js could not initialise its '${kind}' backend${why ? `: ${why}` : ''}`);
  }
  if (previous && previous !== kind) await tf.setBackend(previous);

  let ctx: KernelContext | null = null;
  const storage = new TfjsStorage(kind, () => ctx!.activate());
  ctx = new KernelContext(kind, storage, init.fixes);
  const c = ctx;
  const kernels: BackendKernels = {
    unary: (a) => unary(c, a),
    binary: (a) => binary(c, a),
    compare: (a) => compare(c, a),
    select: (a) => select(c, a),
    reduce: (a) => reduce(c, a),
    argReduce: (a) => argReduce(c, a),
    matmul: (a) => matmul(c, a),
    transpose: (a) => transpose(c, a),
    slice: (a) => slice(c, a),
    pad: (a) => pad(c, a),
    concat: (a) => concat(c, a),
    expand: (a) => expand(c, a),
    gather: (a) => gather(c, a),
    scatterAdd: (a) => scatterAdd(c, a),
    cast: (a) => cast(c, a),
    fill: (a) => fill(c, a),
    range: (a) => range(c, a),
    random: (a) => random(c, a),
    linear: (a) => linear(c, a),
    activationBackward: (a) => activationBackward(c, a),
    softmax: (a) => softmax(c, a),
    softmaxBackward: (a) => softmaxBackward(c, a),
    crossEntropy: (a) => crossEntropy(c, a),
    crossEntropyBackward: (a) => crossEntropyBackward(c, a),
    sgdUpdate: (a) => sgdUpdate(c, a),
    adamUpdate: (a) => adamUpdate(c, a),
  };
  const info: DeviceInfo = Object.freeze({
    device: `tfjs-${kind}`,
    tfjs: tf.version_core,
    ...init.details,
    fixes: fixNames(init.fixes).join(',') || 'none',
  });
  return {
    name,
    dtypes: ['float32', 'int32', 'bool'] as const satisfies readonly DType[],
    precision: profile.precision,
    capabilities: { int32: profile.int32, hostMemory: profile.hostMemory, declines: TFJS_DECLINES },
    deviceInfo: () => info,
    upload: (values, dtype) => storage.upload(values, dtype),
    read: (handle) => {
      try {
        return storage.read(handle);
      } catch (e) {
        return Promise.reject(e);
      }
    },
    readSync: (handle) => storage.readSync(handle),
    free: (handle) => storage.free(handle),
    memory: () => ({ buffers: storage.buffers, bytes: storage.bytes }),
    kernels,
  };
}
