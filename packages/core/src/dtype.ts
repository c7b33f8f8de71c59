import { DTypeError } from './errors.js';

/** Element types a tensor can hold. `bool` is stored as 0/1 bytes. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** Every dtype. */
export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** The typed array a backend reads and writes for each dtype. */
export interface DTypeArrayMap {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** The typed array of any dtype (see `DTypeArrayMap`). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Throw a DTypeError naming `op` unless `dtype` is one of DTYPES (e.g. 'float16' is not). */
export function checkDType(op: string, dtype: unknown): asserts dtype is DType {
  if (!DTYPES.includes(dtype as DType)) {
    throw new DTypeError(
      op,
      `unknown dtype ${typeof dtype === 'string' ? `'${dtype}'` : String(dtype)}; expected one of ${DTYPES.join(', ')}`,
    );
  }
}

/** Bytes one element of `dtype` takes. */
export function bytesPerElement(dtype: DType): number {
  switch (dtype) {
    case 'float64':
      return 8;
    case 'float32':
    case 'int32':
      return 4;
    case 'bool':
      return 1;
  }
}

/** A new zero-filled typed array of `dtype` with `size` elements. */
export function allocArray(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

/** True for float32 and float64. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** The dtype two operands promote to, following NumPy/PyTorch: bool < int32 < float32 < float64. */
export function promoteTypes(a: DType, b: DType): DType {
  const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };
  return rank[a] >= rank[b] ? a : b;
}

/** True when `x` is the typed array of some dtype. */
export function isTypedArray(x: unknown): x is TypedArray {
  return (
    x instanceof Float32Array ||
    x instanceof Float64Array ||
    x instanceof Int32Array ||
    x instanceof Uint8Array
  );
}

/**
 * The dtype a typed array becomes when no dtype is given. Bytes (Uint8Array,
 * Uint8ClampedArray) are data such as image pixels, so they become int32 with
 * their values 0..255 kept (never bool: a bool tensor is asked for with
 * `{ dtype: 'bool' }` or made from booleans).
 */
export function dtypeOfArray(a: TypedArray | Uint8ClampedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  return 'int32';
}
