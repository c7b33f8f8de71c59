/** TF.js peers (tfjs-core + the cpu and wasm backends), loaded into this same process. */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Gradient functions (needed by optimizer.minimize) are registered only by the umbrella package's
// Node bundle; tfjs-core's own bundles ship without them. It shares the tfjs-core instance above.
import '@tensorflow/tfjs';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';

export { tf };

export interface PeerStatus {
  readonly name: 'tfjs-cpu' | 'tfjs-wasm';
  readonly available: boolean;
  /** Why it is unavailable ('' when available). */
  readonly reason: string;
  readonly details: Record<string, string | number | boolean>;
}

export interface Peers {
  readonly versions: { 'tfjs-core': string; 'tfjs-backend-cpu': string; 'tfjs-backend-wasm': string };
  readonly status: readonly PeerStatus[];
  /** Backend names usable with `use()`. */
  readonly available: readonly ('tfjs-cpu' | 'tfjs-wasm')[];
}

/** The TF.js backend name behind a peer name. */
export function tfBackendName(peer: 'tfjs-cpu' | 'tfjs-wasm'): 'cpu' | 'wasm' {
  return peer === 'tfjs-cpu' ? 'cpu' : 'wasm';
}

/** Make `peer` TF.js's active backend. */
export async function use(peer: 'tfjs-cpu' | 'tfjs-wasm'): Promise<void> {
  const ok = await tf.setBackend(tfBackendName(peer));
  if (!ok || tf.getBackend() !== tfBackendName(peer)) throw new Error(`TF.js could not switch to ${peer}`);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Initialise both TF.js backends. tfjs-backend-wasm is pointed at the .wasm
 * files shipped inside its npm package (no download); if it cannot start the
 * reason is kept and reported instead of silently skipping it.
 */
export async function initPeers(): Promise<Peers> {
  // tfjs-backend-cpu prints a banner recommending tfjs-node on its first upload in Node; trigger it here, silenced.
  const warn = console.warn;
  console.warn = () => undefined;
  const status: PeerStatus[] = [];
  try {
    try {
      await use('tfjs-cpu');
      tf.tensor1d([1]).dispose();
      status.push({ name: 'tfjs-cpu', available: true, reason: '', details: { threads: 1 } });
    } catch (e) {
      status.push({ name: 'tfjs-cpu', available: false, reason: message(e), details: {} });
    }
    try {
      const require = createRequire(import.meta.url);
      const dist = `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}${path.sep}dist${path.sep}`;
      setWasmPaths(dist);
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const multithread = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      const ok = await tf.setBackend('wasm');
      if (!ok) throw new Error('tf.setBackend("wasm") returned false (the module failed to instantiate)');
      const file = multithread
        ? 'tfjs-backend-wasm-threaded-simd.wasm'
        : simd
          ? 'tfjs-backend-wasm-simd.wasm'
          : 'tfjs-backend-wasm.wasm';
      status.push({
        name: 'tfjs-wasm',
        available: true,
        reason: '',
        details: {
          simd,
          multithread,
          threads: getThreadsCount(),
          module: file,
          loadedFrom: 'node_modules (npm-shipped .wasm)',
        },
      });
    } catch (e) {
      status.push({ name: 'tfjs-wasm', available: false, reason: message(e), details: {} });
    }
    await use('tfjs-cpu');
  } finally {
    console.warn = warn;
  }
  return {
    versions: {
      'tfjs-core': tf.version_core,
      'tfjs-backend-cpu': version_cpu,
      'tfjs-backend-wasm': version_wasm,
    },
    status,
    available: status.filter((s) => s.available).map((s) => s.name),
  };
}
