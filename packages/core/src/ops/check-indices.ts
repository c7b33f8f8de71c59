import type { TensorInfo } from '../backend/kernel-table.js';
import { checksImmediately, deferCheck, takePendingCheck } from '../deferred-checks.js';
import { AxisError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { runKernel } from './dispatch.js';

const SCALAR = { shape: [] as readonly number[], dtype: 'int32' } as const;

/**
 * Every index in `indices` (int32) must lie in [0, dim). One rule on every backend,
 * and no readback on the hot path:
 * - backends whose tensors live in host memory (`capabilities.hostMemory`) are
 *   checked now: an AxisError is thrown before the op's kernel runs;
 * - on every other backend the min and max of the indices are computed on the
 *   device and judged at the next read of any tensor (`data()`, `dataSync()`,
 *   `item()`...), which throws the AxisError instead of returning values. Kernels
 *   never read out of bounds meanwhile (gather gives 0 for such an index).
 * `what` names the indices in the message (index, label, ...).
 */
export function checkIndices(op: string, indices: Tensor, dim: number, what = 'index'): void {
  if (indices.size === 0) return;
  const backend = indices.backend;
  const info = indices._info(op);
  if (checksImmediately(backend)) {
    const values = (backend.readSync as NonNullable<typeof backend.readSync>)(info.handle);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!(v >= 0 && v < dim)) {
        throw new AxisError(
          op,
          `${what} ${v} at position ${i} is out of range for a dimension of size ${dim}; expected 0 <= ${what} < ${dim}`,
        );
      }
    }
    return;
  }
  const axes = indices.shape.map((_, i) => i);
  let lo = runKernel(backend, 'reduce', { op: 'min', x: info, axes, out: SCALAR });
  let hi = runKernel(backend, 'reduce', { op: 'max', x: info, axes, out: SCALAR });
  const key = `indices:${op}:${what}:${dim}`;
  const prev = takePendingCheck(backend, key);
  if (prev) {
    // Same op and bound since the last read: keep one (min, max) pair on the device.
    const scalar = (handle: typeof lo): TensorInfo => ({ handle, ...SCALAR });
    const [prevLo, prevHi] = prev.handles;
    const lo2 = runKernel(backend, 'binary', {
      op: 'minimum',
      a: scalar(prevLo),
      b: scalar(lo),
      out: SCALAR,
    });
    const hi2 = runKernel(backend, 'binary', {
      op: 'maximum',
      a: scalar(prevHi),
      b: scalar(hi),
      out: SCALAR,
    });
    for (const h of [prevLo, prevHi, lo, hi]) backend.free(h);
    lo = lo2;
    hi = hi2;
  }
  deferCheck({
    backend,
    key,
    handles: [lo, hi],
    verdict: ([min, max]) => {
      const bad = min[0] < 0 ? min[0] : max[0] >= dim ? max[0] : null;
      if (bad === null) return null;
      return new AxisError(
        op,
        `${what} ${bad} is out of range for a dimension of size ${dim} (smallest ${min[0]}, largest ${max[0]}); expected 0 <= ${what} < ${dim}. Reported at this read: on backend '${backend.name}' index ranges are checked on the device and judged at the next read, so '${op}' ran earlier (its out-of-range entries gave 0)`,
      );
    },
  });
}
