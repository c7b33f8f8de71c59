import type { DataHandle, DType, TypedArray } from '@polygrad/core';
import { allocArray } from '@polygrad/core';

const EMPTY = new Float32Array(0);

/** A CPU handle: a typed array plus its dtype. Core treats it as opaque. */
export class CpuHandle implements DataHandle {
  declare readonly __polygradHandle?: never;
  data: TypedArray;
  readonly dtype: DType;
  freed = false;
  constructor(data: TypedArray, dtype: DType) {
    this.data = data;
    this.dtype = dtype;
  }
}

/** Owns every buffer the CPU backend has handed out, and counts them. */
export class CpuStorage {
  buffers = 0;
  bytes = 0;

  /** Take ownership of `data` (no copy) and return a handle to it. */
  wrap(data: TypedArray, dtype: DType): CpuHandle {
    this.buffers++;
    this.bytes += data.byteLength;
    return new CpuHandle(data, dtype);
  }

  /** Copy `values` into a new buffer of `dtype` (bool is normalised to 0/1). */
  upload(values: TypedArray, dtype: DType): CpuHandle {
    let data: TypedArray;
    if (dtype === 'bool') {
      const n = values.length;
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = values[i] !== 0 ? 1 : 0;
      data = out;
    } else {
      data = allocArray(dtype, values.length);
      data.set(values);
    }
    return this.wrap(data, dtype);
  }

  /** The live array behind `handle` (not a copy). Throws on freed or foreign handles. */
  get(handle: DataHandle): TypedArray {
    if (!(handle instanceof CpuHandle))
      throw new Error('cpu backend: handle was not created by this backend');
    if (handle.freed) throw new Error('cpu backend: handle used after free');
    return handle.data;
  }

  /** A copy the caller owns. */
  read(handle: DataHandle): TypedArray {
    return this.get(handle).slice();
  }

  free(handle: DataHandle): void {
    if (!(handle instanceof CpuHandle))
      throw new Error('cpu backend: handle was not created by this backend');
    if (handle.freed) throw new Error('cpu backend: handle freed twice');
    handle.freed = true;
    this.buffers--;
    this.bytes -= handle.data.byteLength;
    handle.data = EMPTY;
  }
}
