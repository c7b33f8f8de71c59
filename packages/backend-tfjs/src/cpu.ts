/** Registers `tfjs-cpu`: Polygrad on TF.js's cpu backend (imports @tensorflow/tfjs-backend-cpu). */
import '@tensorflow/tfjs-backend-cpu';
import { registerTfjsBackend } from './register.js';

export * from './api.js';

registerTfjsBackend('cpu');
