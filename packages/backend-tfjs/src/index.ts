/**
 * @polygrad/backend-tfjs — Polygrad's kernel contract on TF.js backends.
 *
 * This entry (browsers and bundlers) registers `tfjs-<kind>` for each TF.js
 * backend the app has already imported (`@tensorflow/tfjs-backend-cpu`,
 * `-wasm`, `-webgl`), `tfjs-webgl` only where the WebGL API exists. To
 * register one regardless of import order, import `@polygrad/backend-tfjs/<kind>`.
 * In Node, the `node` entry registers every TF.js backend package installed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { TFJS_KINDS } from './profiles.js';
import { registerTfjsBackend } from './register.js';

export * from './api.js';

const hasWebGL =
  typeof (globalThis as { WebGLRenderingContext?: unknown }).WebGLRenderingContext !== 'undefined';
for (const kind of TFJS_KINDS) {
  if (tf.findBackendFactory(kind) === null) continue;
  if (kind === 'webgl' && !hasWebGL) continue;
  registerTfjsBackend(kind);
}
