import { DTYPES, type DType, isFloat } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { asTensor, backendOf, checkBackendDType, exec, record } from './dispatch.js';

/** Convert to `dtype` (float→int truncates toward zero; →bool is x != 0). Gradients flow between float types. */
export function cast(x: Tensor, dtype: DType): Tensor {
  const t = asTensor('cast', x);
  if (!DTYPES.includes(dtype))
    throw new ArgumentError('cast', `unknown dtype ${String(dtype)}; expected one of ${DTYPES.join(', ')}`);
  const backend = backendOf('cast', [t]);
  checkBackendDType('cast', backend, dtype);
  const out = exec(backend, 'cast', { x: t._info('cast'), out: { shape: t.shape, dtype } });
  if (!isFloat(dtype) || !isFloat(t.dtype)) return out;
  return record(out, 'cast', [t], (dy) => [cast(dy, t.dtype)]);
}
