import { noGrad } from '../autograd/grad-mode.js';
import { usesKernel } from '../backend/capabilities.js';
import { DTypeError, fmtShape, ShapeError } from '../errors.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { add } from './binary.js';
import { asTensor, backendOf, checkDTypes, exec, record } from './dispatch.js';
import { matmul } from './matmul.js';
import { sum } from './reduce.js';

/** Composition of the fused `linear` kernel: x·Wᵀ (+ b). */
export function linearComposed(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  const y = matmul(x, weight, { transposeB: true });
  if (!bias) return y;
  const out = add(y, bias);
  y.dispose();
  return out;
}

/**
 * The seed's Linear module as one op: y = x·Wᵀ + b with x [N, in], W [out, in], b [out].
 * Backward: dX = dY·W, dW = dYᵀ·X, db = Σ_rows dY.
 */
export function linear(x0: Tensor, weight0: Tensor, bias0: Tensor | null = null): Tensor {
  const op = 'linear';
  const x = asTensor(op, x0);
  const w = asTensor(op, weight0);
  const b = bias0 === null ? null : asTensor(op, bias0);
  const backend = backendOf(op, b ? [x, w, b] : [x, w]);
  checkDTypes(op, x, ['float32', 'float64'], 'input');
  if (
    x.rank !== 2 ||
    w.rank !== 2 ||
    x.shape[1] !== w.shape[1] ||
    (b && (b.rank !== 1 || b.shape[0] !== w.shape[0]))
  ) {
    throw new ShapeError(
      op,
      `got input ${fmtShape(x.shape)}, weight ${fmtShape(w.shape)}${b ? `, bias ${fmtShape(b.shape)}` : ''}; expected input [N, in], weight [out, in], bias [out]`,
    );
  }
  if (w.dtype !== x.dtype || (b && b.dtype !== x.dtype)) {
    throw new DTypeError(
      op,
      `dtypes differ: input ${x.dtype}, weight ${w.dtype}${b ? `, bias ${b.dtype}` : ''}; expected one dtype`,
    );
  }
  const outSpec = { shape: [x.shape[0], w.shape[0]], dtype: x.dtype };
  const out = usesKernel(backend, 'linear', x.dtype)
    ? exec(backend, 'linear', {
        x: x._info(op),
        weight: w._info(op),
        bias: b ? b._info(op) : null,
        out: outSpec,
      })
    : noGrad(() => tidy(() => linearComposed(x, w, b)));
  const inputs = b ? [x, w, b] : [x, w];
  return record(out, op, inputs, (dy) => [
    x.requiresGrad ? matmul(dy, w) : null,
    w.requiresGrad ? matmul(dy, x, { transposeA: true }) : null,
    ...(b ? [b.requiresGrad ? sum(dy, 0) : null] : []),
  ]);
}
