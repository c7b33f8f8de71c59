import { allocArray, type DataHandle, type DType, type TypedArray } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { TfjsHandle } from './handle.js';

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/** Owns every TF.js tensor the adapter hands to core, and counts them. */
export class TfjsStorage {
  buffers = 0;
  bytes = 0;
  constructor(
    private readonly tfBackend: string,
    private readonly activate: () => void,
  ) {}

  /** Take ownership of `t`: it is disposed when core frees the handle. */
  wrap(t: tf.Tensor): TfjsHandle {
    this.buffers++;
    this.bytes += t.size * BYTES[t.dtype as DType];
    return new TfjsHandle(t, this.tfBackend);
  }

  get(handle: DataHandle): tf.Tensor {
    if (!(handle instanceof TfjsHandle) || handle.tfBackend !== this.tfBackend) {
      throw new Error(`tfjs-${this.tfBackend} backend: handle was not created by this backend`);
    }
    if (handle.tensor.isDisposed) throw new Error(`tfjs-${this.tfBackend} backend: handle used after free`);
    return handle.tensor;
  }

  upload(values: TypedArray, dtype: DType): TfjsHandle {
    this.activate();
    const n = values.length;
    // TF.js keeps the array it is given (tfjs-cpu stores it as is), and the caller keeps `values`: copy.
    let data: TypedArray;
    if (dtype === 'bool') {
      data = new Uint8Array(n);
      for (let i = 0; i < n; i++) data[i] = values[i] !== 0 ? 1 : 0;
    } else {
      data = allocArray(dtype, n);
      data.set(values);
    }
    return this.wrap(tf.tensor(data as tf.TypedArray, [n], dtype as tf.DataType));
  }

  private copyOut(t: tf.Tensor, values: ArrayLike<number>): TypedArray {
    // A new array of the dtype's type: tfjs-cpu hands out its own storage, and bool may come back as any array.
    const out = allocArray(t.dtype as DType, values.length);
    out.set(values);
    return out;
  }

  async read(handle: DataHandle): Promise<TypedArray> {
    const t = this.get(handle);
    return this.copyOut(t, (await t.data()) as ArrayLike<number>);
  }

  readSync(handle: DataHandle): TypedArray {
    const t = this.get(handle);
    return this.copyOut(t, t.dataSync() as ArrayLike<number>);
  }

  free(handle: DataHandle): void {
    const t = this.get(handle);
    this.buffers--;
    this.bytes -= t.size * BYTES[t.dtype as DType];
    t.dispose();
  }
}
