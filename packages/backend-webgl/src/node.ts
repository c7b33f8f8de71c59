/**
 * @polygrad/backend-webgl in Node: registers 'webgl' on headless-gl (the `gl`
 * package, built from source at install time) and, when it cannot start, says
 * precisely why (package missing or its build failed, no X display).
 */
import { createRequire } from 'node:module';
import { registerBackend } from '@polygrad/core';
import { createWebGLBackend } from './backend.js';

export { createWebGLBackend, type WebGLBackend, type WebGLBackendOptions } from './backend.js';
export { GLHandle } from './device.js';
export { defaultMode, type GLInfo, type GLMode } from './gl/context.js';

const XVFB_HINT = 'run under a virtual display, e.g. `xvfb-run -a -s "-ac -screen 0 1280x1024x24" node …`';

/** Why headless-gl cannot open a context here. */
export function diagnoseHeadlessGL(): string {
  const require = createRequire(import.meta.url);
  let gpuDir: string;
  try {
    gpuDir = require.resolve('gpu.js');
  } catch {
    return 'gpu.js is not installed';
  }
  const fromGpu = createRequire(gpuDir);
  let getContext: unknown;
  try {
    getContext = fromGpu('gl');
  } catch (e) {
    return `the headless-gl package \`gl\` did not load (${e instanceof Error ? e.message.split('\n')[0] : String(e)}): it is an optional dependency of gpu.js that builds from source; install the X/GL development packages (Debian: libxi-dev libglu1-mesa-dev libglew-dev pkg-config libx11-dev libxext-dev python3 make g++) and reinstall`;
  }
  const display = process.env.DISPLAY;
  if (!display) return `no X display (DISPLAY is unset); ${XVFB_HINT}`;
  try {
    const gl = (getContext as (w: number, h: number) => unknown)(1, 1);
    if (!gl) return `headless-gl could not create a context on DISPLAY=${display}; ${XVFB_HINT}`;
  } catch (e) {
    return `headless-gl failed on DISPLAY=${display}: ${e instanceof Error ? e.message : String(e)}`;
  }
  return `headless-gl opens a context on DISPLAY=${display}, but gpu.js did not accept it`;
}

registerBackend('webgl', () => createWebGLBackend({ mode: 'headlessgl', diagnose: diagnoseHeadlessGL }), {
  priority: 2,
});
