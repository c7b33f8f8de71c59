/** Overwrite a tensor's values in place, keeping the same Tensor object (so every reference sees the change). */
import { noGrad } from '../autograd/grad-mode.js';
import { fmtShape, ShapeError } from '../errors.js';
import { cast } from '../ops/cast.js';
import { clone, to } from '../ops/transfer.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';

/**
 * Copy `source`'s values into `target`: moved to `target`'s backend and cast to
 * its dtype, into fresh storage (never shared with `source`, so later in-place
 * optimizer updates of `target` leave `source` untouched). No gradient is recorded.
 */
export function assignInPlace(target: Tensor, source: Tensor): void {
  if (!shapesEqual(target.shape, source.shape)) {
    throw new ShapeError(
      'assign',
      `source has shape ${fmtShape(source.shape)}; expected ${fmtShape(target.shape)} like the target`,
    );
  }
  noGrad(() => {
    const moved = source.backendName === target.backendName ? source : to(source, target.backendName);
    const typed = moved.dtype === target.dtype ? moved : cast(moved, target.dtype);
    const copy = clone(typed);
    target._replaceStorage(copy._storage);
    copy.dispose();
    if (typed !== moved) typed.dispose();
    if (moved !== source) moved.dispose();
  });
}
