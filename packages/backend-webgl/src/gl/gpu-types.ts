/**
 * The small part of gpu.js's runtime objects this backend touches, typed
 * narrowly (gpu.js's own typings describe its many modes loosely).
 */

/** A texture produced by a pipeline kernel (`pipeline: true, immutable: true`). */
export interface GpuTexture {
  /** [width, height] of the GL texture. */
  readonly size: ArrayLike<number>;
  readonly output: ArrayLike<number>;
  toArray(): unknown;
  renderRawOutput(): Float32Array;
  delete(): void;
}

/** What a texture argument can be: a texture, a typed array to upload, or a scalar uniform. */
export type KernelInput = GpuTexture | Float32Array | number;

/** A compiled (on first call) gpu.js kernel: the run shortcut createKernel returns. */
export interface GpuKernel {
  (...args: KernelInput[]): GpuTexture;
  /** The kernel object behind the shortcut (created on first call). */
  readonly kernel?: { readonly constructor: unknown; readonly context: unknown };
  setOutput(output: number[]): void;
  destroy(removeCanvasReferences?: boolean): void;
}

/** The kernel settings this backend passes (gpu.js's typings omit some, e.g. returnType). */
export interface KernelSettings {
  readonly output: number[];
  readonly pipeline: true;
  readonly immutable: true;
  readonly precision: 'single';
  readonly tactic: 'precision';
  readonly argumentTypes: Readonly<Record<string, string>>;
  readonly returnType?: 'Number' | 'Array(4)';
  readonly loopMaxIterations?: number;
  readonly dynamicOutput?: boolean;
  readonly dynamicArguments?: boolean;
}

/** The part of gpu.js's GPU used here. */
export interface GpuLike {
  createKernel(source: string, settings: KernelSettings): unknown;
}

/** Create a pipeline kernel from JavaScript-dialect source. */
export function createKernel(gpu: GpuLike, source: string, settings: KernelSettings): GpuKernel {
  return gpu.createKernel(source, settings) as GpuKernel;
}
