/**
 * Reading a backend's declared capabilities: which (kernel, dtype) pairs it
 * declines, and how it holds int32. Core asks here before calling a kernel.
 */
import type { DType } from '../dtype.js';
import type { Backend, Int32Semantics } from './backend.js';
import { KERNELS, type KernelArgs, type KernelName } from './kernel-table.js';

/** Kernels core can replace when a backend declines them: fused kernels (composition) and `random` (host). */
export function hasCoreFallback(kernel: KernelName): boolean {
  return KERNELS[kernel].tier === 'fused' || kernel === 'random';
}

/**
 * The dtype a kernel call is declined by: its first tensor input's dtype, or
 * the output dtype for kernels without a tensor input (fill, range, random).
 */
export function kernelDType<K extends KernelName>(name: K, args: KernelArgs[K]): DType {
  const a = args as unknown as Record<string, unknown>;
  for (const key of ['x', 'a', 'param', 'logits', 'y', 'updates', 'cond']) {
    const v = a[key] as { dtype?: DType } | undefined;
    if (v?.dtype) return v.dtype;
  }
  const xs = a.xs as readonly { dtype: DType }[] | undefined;
  if (xs && xs.length > 0) return xs[0].dtype;
  const out = a.out as { dtype: DType } | undefined;
  if (out) return out.dtype;
  throw new Error(`kernelDType: cannot tell the dtype of a '${name}' call`);
}

/** Why `backend` declines `kernel` for `dtype`, or null when it accepts it. */
export function declineReason(backend: Backend, kernel: KernelName, dtype: DType): string | null {
  const d = backend.capabilities?.declines?.[kernel];
  if (d === undefined) return null;
  if (typeof d === 'string') return d;
  return d[dtype] ?? null;
}

/** True when the backend has `kernel` and does not decline it for `dtype`. */
export function usesKernel(backend: Backend, kernel: KernelName, dtype: DType): boolean {
  return typeof backend.kernels[kernel] === 'function' && declineReason(backend, kernel, dtype) === null;
}

/**
 * How the backend does int32 arithmetic: its declared `capabilities.int32`, 'wrapping' when it declares
 * nothing.
 */
export function int32Semantics(backend: Backend): Int32Semantics {
  return backend.capabilities?.int32 ?? 'wrapping';
}
