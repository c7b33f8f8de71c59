/** The one path every op takes to a kernel: backend checks, kernel call, debug numerics, grad recording. */
import type { Backend } from '../backend/backend.js';
import { declineReason, kernelDType } from '../backend/capabilities.js';
import type { DataHandle, KernelArgs, KernelName, KernelResult } from '../backend/kernel-table.js';
import { getBackend } from '../backend/registry.js';
import { type DType, isFloat } from '../dtype.js';
import { state } from '../engine.js';
import { ArgumentError, BackendError, DTypeError, fmtShape, NumericsError } from '../errors.js';
import { type GradNode, Tensor } from '../tensor.js';

/**
 * What ops accept as an operand: a tensor, or a number or boolean (a scalar on the other operand's backend).
 */
export type TensorLike = Tensor | number | boolean;

/** The backend all `tensors` live on; throws if they differ. */
export function backendOf(op: string, tensors: readonly Tensor[]): Backend {
  if (tensors.length === 0) return getBackend();
  const b = tensors[0].backend;
  for (const t of tensors) {
    t._assertAlive(op);
    if (t.backend !== b) {
      throw new BackendError(
        op,
        `tensors are on different backends ('${b.name}' and '${t.backendName}'); expected one backend — move one explicitly with t.to('${b.name}')`,
      );
    }
  }
  return b;
}

/** Turn a JS number/boolean into a scalar tensor matching `like` (dtype chosen as PyTorch would). */
export function scalarLike(op: string, v: number | boolean, like: Tensor | null, on?: Backend): Tensor {
  const backend = like ? like.backend : (on ?? getBackend());
  if (typeof v !== 'number' && typeof v !== 'boolean') {
    throw new ArgumentError(op, `got ${typeof v}; expected a Tensor, number or boolean`);
  }
  let dtype: DType;
  if (typeof v === 'boolean') dtype = like ? like.dtype : 'bool';
  else if (!like) dtype = 'float32';
  else if (isFloat(like.dtype)) dtype = like.dtype;
  else dtype = Number.isInteger(v) ? 'int32' : 'float32';
  const handle = backend.kernels.fill({ value: Number(v), out: { shape: [], dtype } });
  return Tensor._fromHandle(backend, handle, [], dtype);
}

export function asTensor(op: string, x: TensorLike, like: Tensor | null = null, on?: Backend): Tensor {
  if (x instanceof Tensor) {
    x._assertAlive(op);
    return x;
  }
  if (typeof x === 'number' || typeof x === 'boolean') return scalarLike(op, x, like, on);
  throw new ArgumentError(op, `got ${x === null ? 'null' : typeof x}; expected a Tensor, number or boolean`);
}

export function checkDTypes(op: string, t: Tensor, allowed: readonly DType[], what = 'input'): void {
  if (!allowed.includes(t.dtype)) {
    throw new DTypeError(
      op,
      `${what} has dtype ${t.dtype} (shape ${fmtShape(t.shape)}); expected ${allowed.join(' or ')}`,
    );
  }
}

export function checkBackendDType(op: string, backend: Backend, dtype: DType): void {
  if (!backend.dtypes.includes(dtype)) {
    throw new DTypeError(
      op,
      `backend '${backend.name}' does not support dtype ${dtype}; it supports ${backend.dtypes.join(', ')}`,
    );
  }
}

/** Call a kernel; with debug numerics on, check float outputs for NaN/Inf. */
export function runKernel<K extends KernelName>(
  backend: Backend,
  name: K,
  args: KernelArgs[K],
): KernelResult<K> {
  const fn = backend.kernels[name] as ((a: KernelArgs[K]) => KernelResult<K>) | undefined;
  if (!fn) throw new BackendError(name, `backend '${backend.name}' has no '${name}' kernel`);
  if (backend.capabilities?.declines) {
    const dtype = kernelDType(name, args);
    const reason = declineReason(backend, name, dtype);
    if (reason !== null) {
      throw new BackendError(
        name,
        `backend '${backend.name}' declines the '${name}' kernel for ${dtype}: ${reason}; expected a backend that supports it (core has no fallback for this kernel)`,
      );
    }
  }
  const result = fn(args);
  if (state.debugNumerics) checkNumerics(backend, name, result);
  return result;
}

function resultHandles(name: string, result: unknown): DataHandle[] {
  if (Array.isArray(result)) return result as DataHandle[];
  if (result === null || result === undefined) return [];
  // Optimizer kernels return a record of handles ({ param, m, v } / { param, velocity }).
  if (name === 'sgdUpdate' || name === 'adamUpdate') {
    return Object.values(result as Record<string, DataHandle | null>).filter(
      (h): h is DataHandle => h !== null,
    );
  }
  return [result as DataHandle];
}

function checkNumerics(backend: Backend, name: string, result: unknown): void {
  const handles = resultHandles(name, result);
  if (!backend.readSync) return;
  for (const h of handles) {
    const values = backend.readSync(h);
    if (!(values instanceof Float32Array || values instanceof Float64Array)) continue;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        // The outputs never reach a tensor, so free them here.
        for (const out of handles) backend.free(out);
        throw new NumericsError(
          name,
          `kernel produced ${values[i]} at flat index ${i} on backend '${backend.name}' (debug numerics is on)`,
        );
      }
    }
  }
}

/** Wrap a kernel's output handle as a tensor. */
export function wrap(backend: Backend, handle: DataHandle, shape: readonly number[], dtype: DType): Tensor {
  return Tensor._fromHandle(backend, handle, shape, dtype);
}

/** Run a single-output kernel and wrap the result. */
export function exec<K extends Exclude<KernelName, 'dropout' | 'sgdUpdate' | 'adamUpdate'>>(
  backend: Backend,
  name: K,
  args: KernelArgs[K] & { out: { shape: readonly number[]; dtype: DType } },
): Tensor {
  const handle = runKernel(backend, name, args) as DataHandle;
  return wrap(backend, handle, args.out.shape, args.out.dtype);
}

/** Attach a gradient node to `out` when grad mode is on and any input needs a gradient. */
export function record(
  out: Tensor,
  op: string,
  inputs: readonly Tensor[],
  vjp: GradNode['vjp'],
  vjpAsync?: GradNode['vjpAsync'],
): Tensor {
  if (!state.gradEnabled) return out;
  for (const t of inputs) {
    if (t.requiresGrad) {
      out._node = vjpAsync ? { op, inputs, vjp, vjpAsync } : { op, inputs, vjp };
      out.requiresGrad = true;
      return out;
    }
  }
  return out;
}

/** True when a result built from `inputs` would need a gradient node. */
export function needsGrad(inputs: readonly Tensor[]): boolean {
  if (!state.gradEnabled) return false;
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
}
