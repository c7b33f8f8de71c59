/**
 * The page's TF.js peers: tfjs-core with its cpu and wasm backends, the wasm
 * modules served by Vite from the npm package (no CDN). With cross-origin
 * isolation TF.js picks its threaded SIMD module.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import type { Tfjs } from '@polygrad/benchmarks/workloads';
import { getThreadsCount, setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { PeerEntry } from '../run/model.js';
import { type PeerSetup, peerId, peerLabel } from '../run/peers.js';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function use(name: 'cpu' | 'wasm'): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`TF.js could not switch to its '${name}' backend`);
}

let served = false;

/**
 * Point TF.js's wasm backend at the modules this bundle serves. TF.js's wasm
 * backend is one per page, shared by the peer and by any Polygrad backend that
 * runs on TF.js (@polygrad/backend-tfjs), and its paths can only be set before
 * it first starts: call this before importing the backend packages.
 */
export function serveTfjsWasm(): void {
  if (served) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainWasm,
    'tfjs-backend-wasm-simd.wasm': simdWasm,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm,
  });
  served = true;
}

export async function browserPeers(): Promise<PeerSetup> {
  serveTfjsWasm();
  const entries: Omit<PeerEntry, 'selected'>[] = [];
  const runtimes: PeerSetup['runtimes'][number][] = [];
  const add = async (name: 'cpu' | 'wasm', details: () => Promise<PeerEntry['details']>): Promise<void> => {
    const id = peerId(`tfjs-${name}`);
    try {
      await use(name);
      tf.tensor1d([1]).dispose();
      entries.push({
        name: id,
        label: peerLabel(id),
        available: true,
        reason: '',
        version: tf.version_core,
        details: await details(),
      });
      runtimes.push({ name: id, label: peerLabel(id), tf: tf as unknown as Tfjs, activate: () => use(name) });
    } catch (e) {
      entries.push({
        name: id,
        label: peerLabel(id),
        available: false,
        reason: message(e),
        version: tf.version_core,
        details: {},
      });
    }
  };
  await add('cpu', async () => ({ threads: 1 }));
  await add('wasm', async () => ({
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    multithread: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
    threads: getThreadsCount(),
    version: version_wasm,
  }));
  return { entries, runtimes };
}
