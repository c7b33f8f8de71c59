import type { DataHandle } from '@polygrad/core';
import type { Tensor as TfTensor } from '@tensorflow/tfjs-core';

/** A Polygrad handle: one TF.js tensor the adapter owns (disposed when core frees the handle). */
export class TfjsHandle implements DataHandle {
  declare readonly __polygradHandle?: never;
  tensor: TfTensor;
  /** The TF.js backend the tensor was made on (handles never cross TF.js backends). */
  readonly tfBackend: string;
  constructor(tensor: TfTensor, tfBackend: string) {
    this.tensor = tensor;
    this.tfBackend = tfBackend;
  }
}
