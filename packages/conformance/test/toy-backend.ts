/**
 * Test-only toy backends that wrap the CPU backend: what a third-party backend
 * author writes (storage + kernels, nothing else), in ~30 lines.
 */
import { createCpuBackend } from '@polygrad/backend-cpu';
import {
  type Backend,
  type BackendCapabilities,
  type BackendKernels,
  PRIMITIVE_KERNELS,
  registerBackend,
} from '@polygrad/core';

export interface ToyOptions {
  /** Delegate the CPU backend's fused kernels too (default: primitives only, so core's compositions run). */
  readonly fused?: boolean;
  /** Omit `readSync`, like a WebGPU-style device whose readback is asynchronous only. */
  readonly asyncOnly?: boolean;
  /** Replace some kernels (to break one on purpose); `backend` is the wrapped CPU backend (its storage). */
  readonly override?: (cpu: BackendKernels, backend: Backend) => Partial<BackendKernels>;
  /** Declared capabilities (e.g. declined kernels). */
  readonly capabilities?: BackendCapabilities;
}

export function createToyBackend(name: string, options: ToyOptions = {}): Backend {
  const cpu = createCpuBackend();
  const kernels: Partial<BackendKernels> = {};
  const source = cpu.kernels as unknown as Record<string, unknown>;
  const target = kernels as Record<string, unknown>;
  for (const k of options.fused ? Object.keys(cpu.kernels) : PRIMITIVE_KERNELS) target[k] = source[k];
  Object.assign(kernels, options.override?.(cpu.kernels, cpu) ?? {});
  const backend: Backend = {
    name,
    dtypes: cpu.dtypes,
    precision: cpu.precision,
    capabilities: options.capabilities,
    deviceInfo: () => ({
      device: 'toy',
      wraps: 'cpu',
      readback: options.asyncOnly ? 'async-only' : 'sync+async',
    }),
    upload: (values, dtype) => cpu.upload(values, dtype),
    read: (handle) => cpu.read(handle),
    free: (handle) => cpu.free(handle),
    memory: () => cpu.memory(),
    kernels: kernels as BackendKernels,
  };
  return options.asyncOnly ? backend : { ...backend, readSync: (handle) => cpu.readSync!(handle) };
}

export function registerToyBackend(name: string, options: ToyOptions = {}): void {
  registerBackend(name, () => createToyBackend(name, options), { priority: -10 });
}
