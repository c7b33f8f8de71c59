/**
 * Test-only toy backends that wrap the CPU backend: what a third-party backend
 * author writes (storage + kernels, nothing else), in ~30 lines.
 */
import { createCpuBackend } from '@polygrad/backend-cpu';
import {
  type Backend,
  type BackendCapabilities,
  type BackendKernels,
  type KernelName,
  PRIMITIVE_KERNELS,
  registerBackend,
} from '@polygrad/core';
import { deferredDevice } from './deferred-device.js';

export interface ToyOptions {
  /** Delegate the CPU backend's fused kernels too (default: primitives only, so core's compositions run). */
  readonly fused?: boolean;
  /**
   * Like a WebGPU-style device: no `readSync`, and every upload, kernel and free
   * is queued and run later (at the next read or in a microtask), never during the call.
   */
  readonly asyncOnly?: boolean;
  /** Replace some kernels (to break one on purpose). */
  readonly override?: (cpu: BackendKernels) => Partial<BackendKernels>;
  /** Declared capabilities (e.g. declined kernels). */
  readonly capabilities?: BackendCapabilities;
}

export function createToyBackend(name: string, options: ToyOptions = {}): Backend {
  const cpu = createCpuBackend();
  const names = (options.fused ? Object.keys(cpu.kernels) : PRIMITIVE_KERNELS) as KernelName[];
  if (options.asyncOnly) return deferredToy(name, cpu, names, options);
  const kernels: Partial<BackendKernels> = {};
  const source = cpu.kernels as unknown as Record<string, unknown>;
  const target = kernels as Record<string, unknown>;
  for (const k of names) target[k] = source[k];
  Object.assign(kernels, options.override?.(cpu.kernels) ?? {});
  const backend: Backend = {
    name,
    dtypes: cpu.dtypes,
    precision: cpu.precision,
    capabilities: options.capabilities,
    deviceInfo: () => ({
      device: 'toy',
      wraps: 'cpu',
      readback: 'sync+async',
    }),
    upload: (values, dtype) => cpu.upload(values, dtype),
    read: (handle) => cpu.read(handle),
    free: (handle) => cpu.free(handle),
    memory: () => cpu.memory(),
    kernels: kernels as BackendKernels,
  };
  return { ...backend, readSync: (handle) => cpu.readSync!(handle) };
}

function deferredToy(name: string, cpu: Backend, names: readonly KernelName[], options: ToyOptions): Backend {
  const device = deferredDevice(cpu, names);
  return {
    name,
    dtypes: cpu.dtypes,
    precision: cpu.precision,
    capabilities: options.capabilities,
    deviceInfo: () => ({
      device: 'toy',
      wraps: 'cpu',
      readback: 'async-only',
      execution: 'deferred',
      queued: device.stats.queued,
      executed: device.stats.executed,
    }),
    ...device.storage,
    kernels: { ...device.kernels, ...(options.override?.(device.kernels) ?? {}) },
  };
}

export function registerToyBackend(name: string, options: ToyOptions = {}): void {
  registerBackend(name, () => createToyBackend(name, options), { priority: -10 });
}
