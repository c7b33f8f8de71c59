/**
 * Opening a real WebGL context through gpu.js, or failing with the reason.
 *
 * gpu.js quietly falls back to its CPU or WebAssembly modes when it has no GL
 * context (and its optional `gl` dependency vanishes when the native build
 * fails), so nothing here trusts the mode it asked for: a probe kernel must be
 * an instance of the exact GL kernel class, return a GL texture, and compute
 * the right numbers in single precision.
 */
import { GPU, HeadlessGLKernel, WebGL2Kernel, WebGLKernel } from 'gpu.js';
import type { GpuKernel, GpuTexture } from './gpu-types.js';
import { addNatives } from './natives.js';

/** Which WebGL context gpu.js runs on: headless-gl in Node, WebGL2 or WebGL1 in browsers. */
export type GLMode = 'headlessgl' | 'webgl2' | 'webgl';

/** What a WebGL context reports about itself (shown by listBackends()). */
export interface GLInfo {
  readonly mode: GLMode;
  readonly kernelClass: string;
  readonly glVersion: string;
  readonly glslVersion: string;
  readonly renderer: string;
  readonly vendor: string;
  readonly maxTextureSize: number;
}

export interface GLContext {
  readonly gpu: GPU;
  readonly gl: WebGLRenderingContext;
  readonly info: GLInfo;
}

export interface OpenOptions {
  /** Force a mode instead of choosing from the environment (tests use it to exercise the failure path). */
  readonly mode?: GLMode;
  /**
   * Explains why headless-gl is unavailable in Node (the node entry checks the
   * `gl` package and the X display); called only when the context cannot open.
   */
  readonly diagnose?: () => string;
}

/** Names of the classes (bundlers may rename them, so identity is checked and these are reported). */
const CLASS_NAME = { headlessgl: 'HeadlessGLKernel', webgl2: 'WebGL2Kernel', webgl: 'WebGLKernel' } as const;

const EXPECTED_CLASS = {
  headlessgl: HeadlessGLKernel,
  webgl2: WebGL2Kernel,
  webgl: WebGLKernel,
} as const;

function inBrowser(): boolean {
  const g = globalThis as { document?: unknown; process?: { versions?: { node?: string } } };
  return g.document !== undefined || g.process?.versions?.node === undefined;
}

/** The mode this environment should use: headless-gl in Node, WebGL2 (else WebGL1) in browsers. */
export function defaultMode(): GLMode {
  if (!inBrowser()) return 'headlessgl';
  return GPU.isWebGL2Supported ? 'webgl2' : 'webgl';
}

function supported(mode: GLMode): boolean {
  switch (mode) {
    case 'headlessgl':
      return GPU.isHeadlessGLSupported;
    case 'webgl2':
      return GPU.isWebGL2Supported;
    case 'webgl':
      return GPU.isWebGLSupported;
  }
}

function glString(gl: WebGLRenderingContext, name: number): string {
  const v: unknown = gl.getParameter(name);
  return typeof v === 'string' ? v : String(v);
}

function describeGL(gl: WebGLRenderingContext, mode: GLMode, kernelClass: string): GLInfo {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return {
    mode,
    kernelClass,
    glVersion: glString(gl, gl.VERSION),
    glslVersion: glString(gl, gl.SHADING_LANGUAGE_VERSION),
    renderer: debug ? glString(gl, debug.UNMASKED_RENDERER_WEBGL) : glString(gl, gl.RENDERER),
    vendor: debug ? glString(gl, debug.UNMASKED_VENDOR_WEBGL) : glString(gl, gl.VENDOR),
    maxTextureSize: Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)),
  };
}

/**
 * Open a GL context in `mode` and prove it is real; throws an Error whose
 * message says why not (it becomes setBackend's and listBackends()'s reason).
 */
export function openGLContext(options: OpenOptions = {}): GLContext {
  const mode = options.mode ?? defaultMode();
  const why = (): string => (options.diagnose ? ` (${options.diagnose()})` : '');
  if (!supported(mode)) {
    throw new Error(`no ${mode === 'headlessgl' ? 'headless-gl' : mode.toUpperCase()} context${why()}`);
  }
  let gpu: GPU;
  try {
    gpu = new GPU({ mode });
  } catch (e) {
    throw new Error(
      `gpu.js could not open mode '${mode}': ${e instanceof Error ? e.message : String(e)}${why()}`,
    );
  }
  addNatives(gpu as unknown as Parameters<typeof addNatives>[0], mode === 'webgl2');
  // The probe: 2x + 1 over values float32 holds exactly, NaN and Infinity included.
  const probe = gpu.createKernel('function(a) { return a[this.thread.x] * 2.0 + 1.0; }', {
    output: [4],
    pipeline: true,
    immutable: true,
    precision: 'single',
    tactic: 'precision',
    argumentTypes: { a: 'Array' },
  }) as unknown as GpuKernel;
  let out: GpuTexture;
  try {
    out = probe(new Float32Array([8388607, -0.5, Number.NaN, Number.POSITIVE_INFINITY])) as GpuTexture;
  } catch (e) {
    throw new Error(
      `a probe kernel failed in mode '${mode}': ${e instanceof Error ? e.message : String(e)}${why()}`,
    );
  }
  const kernel = probe.kernel;
  const expected: unknown = EXPECTED_CLASS[mode];
  if (!kernel || kernel.constructor !== expected) {
    const ran = (kernel?.constructor as { name?: string } | undefined)?.name ?? 'no kernel';
    throw new Error(
      `gpu.js ran mode '${mode}' as ${ran}, not a ${CLASS_NAME[mode]} (it fell back to another mode)${why()}`,
    );
  }
  const kernelClass = CLASS_NAME[mode];
  if (typeof out?.toArray !== 'function' || typeof out.delete !== 'function') {
    throw new Error(`gpu.js returned ${typeof out} instead of a GL texture in mode '${mode}'${why()}`);
  }
  const got = Array.from(out.toArray() as Float32Array);
  out.delete();
  const want = [16777215, 0, Number.NaN, Number.POSITIVE_INFINITY];
  if (got.length !== 4 || !got.every((v, i) => Object.is(v, want[i]))) {
    throw new Error(
      `the ${mode} context does not compute in single precision: probe gave [${got.join(', ')}], expected [${want.join(', ')}]`,
    );
  }
  const gl = kernel.context as WebGLRenderingContext;
  return { gpu, gl, info: describeGL(gl, mode, kernelClass) };
}
