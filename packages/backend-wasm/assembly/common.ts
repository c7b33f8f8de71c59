/** Dtype codes shared with the host (src/runtime/codes.ts). */
export const F32: i32 = 0;
export const F64: i32 = 1;
export const I32: i32 = 2;
export const U8: i32 = 3;

/** Bytes per element of a dtype code. */
@inline
export function elemSize(dtype: i32): usize {
  return dtype == F64 ? 8 : dtype == U8 ? 1 : 4;
}

/** Element `i` of a tensor of `dtype` at `p`, widened to f64. */
@inline
export function loadAsF64(dtype: i32, p: usize, i: i32): f64 {
  if (dtype == F32) return <f64>load<f32>(p + (<usize>i << 2));
  if (dtype == F64) return load<f64>(p + (<usize>i << 3));
  if (dtype == I32) return <f64>load<i32>(p + (<usize>i << 2));
  return <f64>load<u8>(p + <usize>i);
}

/**
 * JavaScript's ToInt32 of a float: truncate toward zero, wrap modulo 2^32,
 * NaN and ±Infinity give 0 (what an Int32Array store does).
 */
@inline
export function toInt32(v: f64): i32 {
  if (v > -2147483649.0 && v < 2147483648.0) return <i32>v;
  if (!isFinite(v)) return 0;
  const t = trunc(v);
  const m = t - 4294967296.0 * floor(t / 4294967296.0);
  return <i32>(<u32>m);
}

/** Math.pow with JavaScript's rules where C's differ (NaN exponent, ±1 to ±Infinity). */
@inline
export function powJs(x: f64, y: f64): f64 {
  if (isNaN(y)) return NaN;
  if (!isFinite(y) && abs(x) == 1.0) return NaN;
  return Math.pow(x, y);
}
