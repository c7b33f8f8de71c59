import { ArgumentError, fmtShape } from '../errors.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { backendOf, exec } from './dispatch.js';
import { reshape } from './reshape.js';

/**
 * Sum `g` down to `shape`: the adjoint of broadcasting, used by the VJP of every
 * broadcasting op. Not itself recorded (gradients are computed under noGrad).
 */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  if (lead < 0)
    throw new ArgumentError('sumTo', `cannot sum ${fmtShape(g.shape)} to higher rank ${fmtShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const s = exec(backendOf('sumTo', [g]), 'reduce', {
    op: 'sum',
    x: g._info('sumTo'),
    axes,
    out: { shape: g.shape.filter((_, i) => !axes.includes(i)), dtype: g.dtype },
  });
  const out = reshape(s, shape);
  s.dispose();
  return out;
}
