import { noGrad } from '../autograd/grad-mode.js';
import { usesKernel } from '../backend/capabilities.js';
import { nextSeed } from '../engine.js';
import { ArgumentError } from '../errors.js';
import { tidy } from '../memory.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor.js';
import { mul } from './binary.js';
import { greaterEqual } from './compare.js';
import { fullLike } from './creation.js';
import { asTensor, backendOf, checkDTypes, record, runKernel, wrap } from './dispatch.js';
import { randomNumbers } from './random-numbers.js';
import { reshape } from './reshape.js';
import { where } from './where.js';

/** Composition of the fused `dropout` kernel: mask = u >= p ? 1/(1-p) : 0 with u uniform from `seed`. */
export function dropoutMaskComposed(x: Tensor, p: number, seed: number): Tensor {
  const u = randomNumbers(backendOf('dropout', [x]), {
    distribution: 'uniform',
    seed,
    a: 0,
    b: 1,
    out: { shape: x.shape, dtype: x.dtype },
  });
  // The kept value takes u's dtype (a bare number would make a float32 mask for float64 input).
  const kept = fullLike(u, p < 1 ? 1 / (1 - p) : 0);
  const mask = where(greaterEqual(u, p), kept, 0);
  u.dispose();
  kept.dispose();
  return mask;
}

/**
 * Inverted dropout (Hinton et al. 2012, as in the seed): each element is zeroed
 * with probability p and the survivors scaled by 1/(1-p), so eval needs no
 * rescaling. Always applies; modules decide train vs eval.
 */
export function dropout(x0: Tensor, p: number, opts: { seed?: number } = {}): Tensor {
  const op = 'dropout';
  checkOptions(op, opts, ['seed']);
  const x = asTensor(op, x0);
  checkDTypes(op, x, ['float32', 'float64']);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1))
    throw new ArgumentError(op, `p = ${p}; expected a probability in [0, 1]`);
  const seed = nextSeed(opts.seed);
  if (p === 0) return reshape(x, x.shape);
  const backend = backendOf(op, [x]);
  let out: Tensor;
  let mask: Tensor;
  if (usesKernel(backend, 'dropout', x.dtype) && p < 1) {
    const [y, m] = runKernel(backend, 'dropout', {
      x: x._info(op),
      p,
      seed,
      out: { shape: x.shape, dtype: x.dtype },
    });
    out = wrap(backend, y, x.shape, x.dtype);
    mask = wrap(backend, m, x.shape, x.dtype);
  } else {
    mask = noGrad(() => tidy(() => dropoutMaskComposed(x, p, seed)));
    out = noGrad(() => mul(x, mask));
  }
  if (!x.requiresGrad) {
    mask.dispose();
    return out;
  }
  return record(out, op, [x], (dy) => [mul(dy, mask)], { saved: [mask], owned: [mask] });
}
