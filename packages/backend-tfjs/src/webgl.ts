/** Registers `tfjs-webgl`: Polygrad on TF.js's webgl backend (imports @tensorflow/tfjs-backend-webgl). */
import '@tensorflow/tfjs-backend-webgl';
import { registerTfjsBackend } from './register.js';

export * from './api.js';

registerTfjsBackend('webgl');
