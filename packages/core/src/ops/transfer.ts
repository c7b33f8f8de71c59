import { backendByName } from '../backend/registry.js';
import { runChecksSync } from '../deferred-checks.js';
import { BackendError } from '../errors.js';
import type { GradNode, Tensor } from '../tensor.js';
import { asTensor, checkBackendDType, exec, record, wrap } from './dispatch.js';

/** The VJP of a move from `src` to another backend: the gradient moves back. */
function moveBack(src: string): Pick<GradNode, 'vjp' | 'vjpAsync'> {
  return {
    vjp: (dy) => {
      if (!dy.backend.readSync) {
        throw new BackendError(
          'backward',
          `the gradient of a move from '${src}' to '${dy.backendName}' must come back from '${dy.backendName}', which only reads back asynchronously; use \`await loss.backwardAsync()\``,
        );
      }
      return [to(dy, src)];
    },
    vjpAsync: async (dy) => [await toAsync(dy, src)],
  };
}

/**
 * Copy to another backend (synchronous: needs a source backend with sync
 * readback; otherwise use `toAsync`). Gradients flow back across the move
 * (`backwardAsync` when they come back from an async-only backend).
 */
export function to(x: Tensor, backendName: string): Tensor {
  const t = asTensor('to', x);
  const target = backendByName(backendName, 'to');
  if (target === t.backend) return t;
  const src = t.backend;
  if (!src.readSync) {
    throw new BackendError(
      'to',
      `backend '${src.name}' only reads back asynchronously; use \`await toAsync(t, '${backendName}')\``,
    );
  }
  checkBackendDType('to', target, t.dtype);
  // A move reads the values: pending device-side checks are judged first (see deferred-checks).
  runChecksSync();
  const out = wrap(target, target.upload(src.readSync(t._info('to').handle), t.dtype), t.shape, t.dtype);
  const back = moveBack(src.name);
  return record(out, 'to', [t], back.vjp, { vjpAsync: back.vjpAsync });
}

/** Like `to`, for backends whose readback is asynchronous. */
export async function toAsync(x: Tensor, backendName: string): Promise<Tensor> {
  const t = asTensor('toAsync', x);
  const target = backendByName(backendName, 'toAsync');
  if (target === t.backend) return t;
  checkBackendDType('toAsync', target, t.dtype);
  const values = await t.data();
  const out = wrap(target, target.upload(values, t.dtype), t.shape, t.dtype);
  const back = moveBack(t.backendName);
  return record(out, 'to', [t], back.vjp, { vjpAsync: back.vjpAsync });
}

/** A copy with its own storage; gradients flow through. */
export function clone(x: Tensor): Tensor {
  const t = asTensor('clone', x);
  const out = exec(t.backend, 'cast', { x: t._info('clone'), out: { shape: t.shape, dtype: t.dtype } });
  return record(out, 'clone', [t], (dy) => [dy]);
}
