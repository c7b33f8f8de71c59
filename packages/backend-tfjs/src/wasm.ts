/** Registers `tfjs-wasm`: Polygrad on TF.js's wasm backend (imports @tensorflow/tfjs-backend-wasm). */
import '@tensorflow/tfjs-backend-wasm';
import { registerTfjsBackend } from './register.js';

export * from './api.js';

registerTfjsBackend('wasm');
