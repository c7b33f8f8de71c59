/**
 * @polygrad/backend-webgl for browsers and bundlers: registers 'webgl' (gpu.js
 * on the page's WebGL2, else WebGL1). Node resolves `./node.js` instead
 * (headless-gl), through the package's `node` export condition.
 */
import { registerBackend } from '@polygrad/core';
import { createWebGLBackend } from './backend.js';

export { createWebGLBackend, type WebGLBackend, type WebGLBackendOptions } from './backend.js';
export { GLHandle } from './device.js';
export { defaultMode, type GLInfo, type GLMode } from './gl/context.js';

registerBackend('webgl', () => createWebGLBackend(), { priority: 2 });
