/** The one path every op takes to a kernel: backend checks, kernel call, debug numerics, grad recording. */
import type { Backend } from '../backend/backend.js';
import { declineReason, kernelDType } from '../backend/capabilities.js';
import type {
  DataHandle,
  KernelArgs,
  KernelName,
  KernelResult,
  OutSpec,
  TensorInfo,
} from '../backend/kernel-table.js';
import { getBackend } from '../backend/registry.js';
import { deferCheck } from '../deferred-checks.js';
import { bytesPerElement, type DType, isFloat } from '../dtype.js';
import { state } from '../engine.js';
import { ArgumentError, BackendError, DTypeError, fmtShape, NumericsError, ShapeError } from '../errors.js';
import { sizeOf } from '../shape.js';
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
        t.backendName === b.name
          ? `tensors are on two different instances of backend '${b.name}' (one was made before the backend was removed and registered again); expected one backend — recreate the older tensor`
          : `tensors are on different backends ('${b.name}' and '${t.backendName}'); expected one backend — move one explicitly with t.to('${b.name}')`,
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

/**
 * Largest buffer core allocates on a backend that does not declare
 * `capabilities.maxBufferBytes`: 2 GiB, what every JavaScript engine's typed
 * arrays can hold.
 */
export const DEFAULT_MAX_BUFFER_BYTES = 2 ** 31;

function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  return `${n} B`;
}

/** Refuse, before anything is allocated, a tensor larger than the backend can hold. */
export function checkAllocation(op: string, backend: Backend, shape: readonly number[], dtype: DType): void {
  const limit = backend.capabilities?.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
  let elements = 1;
  for (const d of shape) elements *= d;
  const bytes = elements * bytesPerElement(dtype);
  if (bytes > limit) {
    throw new ShapeError(
      op,
      `a ${dtype} tensor of shape ${fmtShape(shape)} needs ${formatBytes(bytes)}; backend '${backend.name}' holds at most ${formatBytes(limit)} in one tensor${backend.capabilities?.maxBufferBytes === undefined ? ' (the default limit; a backend may declare capabilities.maxBufferBytes)' : ''}`,
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
  const out = (args as { out?: { shape: readonly number[]; dtype: DType } }).out;
  if (out) checkAllocation(name, backend, out.shape, out.dtype);
  const result = fn(args);
  if (state.debugNumerics) checkNumerics(backend, name, args, result);
  return result;
}

/** Each output handle of a kernel call with its shape and dtype. */
function resultInfos(args: unknown, result: unknown): TensorInfo[] {
  const a = args as { out?: OutSpec; param?: TensorInfo };
  if (Array.isArray(result)) {
    const out = a.out as OutSpec;
    return (result as DataHandle[]).map((handle) => ({ handle, shape: out.shape, dtype: out.dtype }));
  }
  if (result === null || result === undefined) return [];
  if (a.out) return [{ handle: result as DataHandle, shape: a.out.shape, dtype: a.out.dtype }];
  // Optimizer kernels return a record of handles shaped like the param ({ param, m, v } / { param, velocity }).
  const param = a.param as TensorInfo;
  return Object.values(result as Record<string, DataHandle | null>)
    .filter((h): h is DataHandle => h !== null)
    .map((handle) => ({ handle, shape: param.shape, dtype: param.dtype }));
}

let numericsChecks = 0;

/**
 * Debug numerics: float outputs must be finite. Read at once where the backend
 * reads synchronously; otherwise `isFinite` is reduced on the device and judged
 * at the next read (see deferred-checks), like index checks.
 */
function checkNumerics(backend: Backend, name: string, args: unknown, result: unknown): void {
  const outs = resultInfos(args, result).filter((o) => isFloat(o.dtype) && sizeOf(o.shape) > 0);
  if (outs.length === 0) return;
  const readSync = backend.readSync;
  if (!readSync) {
    for (const o of outs) deferNumericsCheck(backend, name, o);
    return;
  }
  for (const o of outs) {
    const values = readSync(o.handle);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        // The outputs never reach a tensor, so free them here.
        for (const out of outs) backend.free(out.handle);
        throw new NumericsError(
          name,
          `kernel produced ${values[i]} at flat index ${i} on backend '${backend.name}' (debug numerics is on)`,
        );
      }
    }
  }
}

function deferNumericsCheck(backend: Backend, name: string, out: TensorInfo): void {
  // The check's own kernels are called directly: they are not checked themselves.
  const k = backend.kernels;
  const finite = k.unary({ op: 'isFinite', x: out, out: { shape: out.shape, dtype: 'bool' } });
  const asInt = k.cast({
    x: { handle: finite, shape: out.shape, dtype: 'bool' },
    out: { shape: out.shape, dtype: 'int32' },
  });
  const all = k.reduce({
    op: 'min',
    x: { handle: asInt, shape: out.shape, dtype: 'int32' },
    axes: out.shape.map((_, i) => i),
    out: { shape: [], dtype: 'int32' },
  });
  backend.free(finite);
  backend.free(asInt);
  deferCheck({
    backend,
    key: `numerics:${++numericsChecks}`,
    handles: [all],
    verdict: ([v]) =>
      v[0] === 1
        ? null
        : new NumericsError(
            name,
            `kernel produced NaN or Infinity on backend '${backend.name}' (debug numerics is on; this backend reads back asynchronously, so it is reported at the first read after the kernel ran)`,
          ),
  });
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
  extra?: Pick<GradNode, 'vjpAsync' | 'saved' | 'owned'>,
): Tensor {
  if (!state.gradEnabled) return out;
  for (const t of inputs) {
    if (t.requiresGrad) {
      out._node = extra ? { op, inputs, vjp, ...extra } : { op, inputs, vjp };
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
