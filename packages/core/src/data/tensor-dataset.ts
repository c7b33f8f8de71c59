import { noGrad } from '../autograd/grad-mode.js';
import { ArgumentError, fmtShape, ShapeError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import { gather } from '../ops/gather.js';
import { reshape } from '../ops/reshape.js';
import { slice } from '../ops/slicing.js';
import { Tensor } from '../tensor.js';
import { checkIndex } from './check-index.js';
import type { BatchDataset } from './dataset.js';

/**
 * Samples are rows of equally long tensors: sample i is [t0[i], t1[i], ...]
 * (e.g. `new TensorDataset(images, labels)`). Batches are gathered on the
 * device in one op per tensor. The dataset does not own its tensors.
 */
export class TensorDataset implements BatchDataset {
  readonly tensors: readonly Tensor[];
  readonly length: number;

  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0)
      throw new ArgumentError('TensorDataset', 'got no tensors; expected at least one');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new ArgumentError('TensorDataset', `argument ${i} is not a Tensor`);
      if (t.rank === 0)
        throw new ShapeError('TensorDataset', `tensor ${i} is a scalar; expected a first (sample) dimension`);
    });
    const n = tensors[0].shape[0];
    const bad = tensors.findIndex((t) => t.shape[0] !== n);
    if (bad >= 0) {
      throw new ShapeError(
        'TensorDataset',
        `tensor ${bad} has shape ${fmtShape(tensors[bad].shape)} but tensor 0 has ${n} samples; expected equal first dimensions (${tensors.map((t) => fmtShape(t.shape)).join(', ')})`,
      );
    }
    this.tensors = tensors;
    this.length = n;
  }

  /** Row `index` of every tensor, as new tensors. */
  get(index: number): Tensor[] {
    checkIndex('TensorDataset.get', index, this.length);
    return noGrad(() =>
      this.tensors.map((t) => {
        const row = slice(t, [index], [1]);
        const sample = reshape(row, t.shape.slice(1));
        row.dispose();
        return sample;
      }),
    );
  }

  /** Rows `indices` of every tensor, gathered in one kernel per tensor. */
  getBatch(indices: readonly number[]): Tensor[] {
    for (const i of indices) checkIndex('TensorDataset.getBatch', i, this.length);
    return noGrad(() => {
      const idx = tensor(Int32Array.from(indices), { backend: this.tensors[0].backendName });
      const out = this.tensors.map((t) => gather(t, idx, 0));
      idx.dispose();
      return out;
    });
  }
}
