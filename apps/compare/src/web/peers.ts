/**
 * The page's TF.js peers: tfjs-core with its cpu, wasm and webgl backends, the
 * wasm modules served by Vite from the npm package (no CDN). With cross-origin
 * isolation TF.js picks its threaded SIMD module; webgl runs on the browser's
 * WebGL, the same GL as Polygrad's webgl backend in this page.
 *
 * There is one tfjs-core in the page (the peers and @polygrad/backend-tfjs
 * import the same module), so one active TF.js backend at a time: each peer
 * makes its backend active before it runs (`activate`), and the adapter's
 * backends (`tfjs-cpu`, `tfjs-wasm`, `tfjs-webgl`) switch to theirs on every
 * kernel. Importing tfjs-backend-webgl here, before the backend packages load,
 * is also what lets @polygrad/backend-tfjs register `tfjs-webgl` in the page.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tfjs } from '@polygrad/benchmarks/workloads';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
import { type MathBackendWebGL, version_webgl } from '@tensorflow/tfjs-backend-webgl';
import type { PeerEntry } from '../run/model.js';
import { type PeerSetup, peerId, peerLabel } from '../run/peers.js';

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type PeerKind = 'cpu' | 'wasm' | 'webgl';

async function use(name: PeerKind): Promise<void> {
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
  const add = async (name: PeerKind, details: () => Promise<PeerEntry['details']>): Promise<void> => {
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
  await add('cpu', async () => ({ threads: 1, version: version_cpu }));
  await add('wasm', async () => ({
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    multithread: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
    threads: getThreadsCount(),
    version: version_wasm,
  }));
  await add('webgl', async () => webglDetails(tf.findBackend('webgl') as MathBackendWebGL));
  return { entries, runtimes };
}

/** The GL TF.js's webgl backend runs on: its context's renderer (unmasked where allowed), versions, limits. */
function webglDetails(backend: MathBackendWebGL): PeerEntry['details'] {
  const gl = backend.gpgpu.gl as WebGL2RenderingContext;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const str = (p: number): string => String(gl.getParameter(p));
  return {
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    glVersion: str(gl.VERSION),
    glslVersion: str(gl.SHADING_LANGUAGE_VERSION),
    renderer: debug ? str(debug.UNMASKED_RENDERER_WEBGL) : str(gl.RENDERER),
    vendor: debug ? str(debug.UNMASKED_VENDOR_WEBGL) : str(gl.VENDOR),
    maxTextureSize: Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)),
    float32Textures: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
    packed: tf.env().getBool('WEBGL_PACK'),
    version: version_webgl,
  };
}
