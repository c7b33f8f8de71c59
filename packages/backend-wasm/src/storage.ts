import { BackendError, type DataHandle, type DType, type TypedArray } from '@polygrad/core';
import { DTYPE_BYTES } from './runtime/codes.js';
import { KernelTrap, OutOfMemoryError, type WasmRuntime } from './runtime/runtime.js';

/** A tensor's storage: a block of linear memory. Core treats it as opaque. */
export class WasmHandle implements DataHandle {
  declare readonly __polygradHandle?: never;
  freed = false;
  constructor(
    /** Byte address of element 0. */
    readonly ptr: number,
    /** Allocator size class of the block. */
    readonly cls: number,
    /** Elements. */
    readonly length: number,
    readonly dtype: DType,
  ) {}
}

type ArrayCtor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray };

const ARRAY_OF: Readonly<Record<DType, ArrayCtor>> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
};

/** Owns every block the backend handed out; converts module failures into BackendErrors. */
export class WasmStorage {
  buffers = 0;
  bytes = 0;

  constructor(readonly rt: WasmRuntime) {}

  /** New storage for `length` elements of `dtype`; `op` names the kernel in an out-of-memory error. */
  alloc(op: string, dtype: DType, length: number): WasmHandle {
    const bytes = length * DTYPE_BYTES[dtype];
    let block: { ptr: number; cls: number };
    try {
      block = this.rt.alloc(bytes);
    } catch (e) {
      if (e instanceof OutOfMemoryError) {
        throw new BackendError(
          op,
          `${e.message}; expected an output of ${bytes} bytes (${length} × ${dtype}) to fit`,
        );
      }
      throw e;
    }
    this.buffers++;
    this.bytes += bytes;
    return new WasmHandle(block.ptr, block.cls, length, dtype);
  }

  /** The handle behind `handle`, checked. */
  get(handle: DataHandle): WasmHandle {
    if (!(handle instanceof WasmHandle))
      throw new Error('wasm backend: handle was not created by this backend');
    if (handle.freed) throw new Error('wasm backend: handle used after free');
    return handle;
  }

  upload(values: TypedArray, dtype: DType): WasmHandle {
    const h = this.alloc('upload', dtype, values.length);
    if (dtype === 'bool') {
      const bytes = this.rt.view(Uint8Array, h.ptr, h.length);
      if (values instanceof Uint8Array) {
        bytes.set(values);
        this.rt.exports.normalizeBool(h.ptr, h.length);
      } else {
        for (let i = 0; i < values.length; i++) bytes[i] = values[i] !== 0 ? 1 : 0;
      }
    } else {
      this.rt.view(ARRAY_OF[dtype], h.ptr, h.length).set(values);
    }
    return h;
  }

  /**
   * One copy out of linear memory into a new array the caller owns. (`set` into
   * a new array rather than `slice()`: V8 copies out of a shared buffer with
   * `slice` several times slower.)
   */
  read(handle: DataHandle): TypedArray {
    const h = this.get(handle);
    const Ctor = ARRAY_OF[h.dtype] as unknown as { new (length: number): TypedArray };
    const out = new Ctor(h.length);
    out.set(this.rt.view(ARRAY_OF[h.dtype], h.ptr, h.length));
    return out;
  }

  free(handle: DataHandle): void {
    const h = this.get(handle);
    h.freed = true;
    this.rt.allocator.free(h.ptr, h.cls);
    this.buffers--;
    this.bytes -= h.length * DTYPE_BYTES[h.dtype];
  }

  /**
   * Runs `body` (which fills `outs`); if the module traps, frees `outs` and
   * throws a BackendError naming the kernel. Inputs are never written, so no
   * other tensor changes, and the module stays usable.
   */
  guard(op: string, outs: readonly WasmHandle[], body: () => void): void {
    try {
      body();
    } catch (e) {
      for (const o of outs) if (!o.freed) this.free(o);
      if (e instanceof KernelTrap) {
        throw new BackendError(
          op,
          `the WebAssembly kernel trapped: ${e.message}; the backend is still usable`,
        );
      }
      if (e instanceof OutOfMemoryError) throw new BackendError(op, e.message);
      throw e;
    }
  }
}
