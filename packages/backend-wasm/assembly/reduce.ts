/**
 * Reductions. The host brings every reduction to one of two layouts:
 *   rows:    x [k1, r]      → out [k1]        (reduce contiguous rows)
 *   columns: x [k1, r, k2]  → out [k1, k2]    (reduce the middle axis)
 * (other layouts are first copied into rows order). Float sums and products
 * accumulate in float64 and round once; int32 sums and products wrap.
 * max/min propagate NaN. Each output element is computed by one thread, so
 * results do not depend on the thread count.
 */
import { F32, F64, I32 } from './common';

export const R_SUM: i32 = 0;
export const R_PROD: i32 = 1;
export const R_MAX: i32 = 2;
export const R_MIN: i32 = 3;

// ------------------------------------------------------------------ rows ----

function sumRowF32(p: usize, r: i32): f64 {
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let a2 = f64x2.splat(0);
  let a3 = f64x2.splat(0);
  let q = 0;
  for (; q + 8 <= r; q += 8) {
    const v0 = v128.load(p + (<usize>q << 2));
    const v1 = v128.load(p + (<usize>q << 2), 16);
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v0));
    a1 = f64x2.add(a1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v0, v0, 2, 3, 0, 1)));
    a2 = f64x2.add(a2, f64x2.promote_low_f32x4(v1));
    a3 = f64x2.add(a3, f64x2.promote_low_f32x4(v128.shuffle<f32>(v1, v1, 2, 3, 0, 1)));
  }
  const s = f64x2.add(f64x2.add(a0, a2), f64x2.add(a1, a3));
  let acc = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; q < r; q++) acc += <f64>load<f32>(p + (<usize>q << 2));
  return acc;
}

/**
 * Float64 sums add in blocks: SIMD accumulators within a block of SUM_BLOCK terms, then the
 * block sums. One accumulator over a long row of equal terms errs by ~k·ε (the roundings do
 * not cancel): 120,011 × 0.3 came out 8.6e-13 off, past the suite's 8ε√k; in blocks the error
 * is ~(SUM_BLOCK + k/SUM_BLOCK)·ε.
 */
const SUM_BLOCK: i32 = 1024;

function sumRowF64(p: usize, r: i32): f64 {
  let total: f64 = 0;
  let q = 0;
  const vectorEnd = r & ~3;
  while (q < vectorEnd) {
    const blockEnd = min(vectorEnd, q + SUM_BLOCK);
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    for (; q < blockEnd; q += 4) {
      a0 = f64x2.add(a0, v128.load(p + (<usize>q << 3)));
      a1 = f64x2.add(a1, v128.load(p + (<usize>q << 3), 16));
    }
    const s = f64x2.add(a0, a1);
    total += f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  }
  let tail: f64 = 0;
  for (; q < r; q++) tail += load<f64>(p + (<usize>q << 3));
  return total + tail;
}

/** max (isMax) or min of a float row, NaN-propagating; ±Infinity for an empty row. */
function extremeRowFloat<T>(p: usize, r: i32, isMax: bool): T {
  const sz = <usize>sizeof<T>();
  const w: i32 = 16 / <i32>sz;
  let q = 0;
  let best: T = isMax ? <T>-Infinity : <T>Infinity;
  if (r >= 2 * w) {
    let v0 = v128.load(p);
    let v1 = v128.load(p + <usize>w * sz);
    q = 2 * w;
    for (; q + 2 * w <= r; q += 2 * w) {
      const x0 = v128.load(p + <usize>q * sz);
      const x1 = v128.load(p + <usize>(q + w) * sz);
      if (isMax) {
        v0 = v128.max<T>(v0, x0);
        v1 = v128.max<T>(v1, x1);
      } else {
        v0 = v128.min<T>(v0, x0);
        v1 = v128.min<T>(v1, x1);
      }
    }
    const v = isMax ? v128.max<T>(v0, v1) : v128.min<T>(v0, v1);
    if (sz == 4) {
      const a = f32x4.extract_lane(v, 0);
      const b = f32x4.extract_lane(v, 1);
      const c = f32x4.extract_lane(v, 2);
      const d = f32x4.extract_lane(v, 3);
      best = <T>(isMax ? max(max(a, b), max(c, d)) : min(min(a, b), min(c, d)));
    } else {
      const a = f64x2.extract_lane(v, 0);
      const b = f64x2.extract_lane(v, 1);
      best = <T>(isMax ? max(a, b) : min(a, b));
    }
  }
  for (; q < r; q++) {
    const x = load<T>(p + <usize>q * sz);
    best = isMax ? max<T>(best, x) : min<T>(best, x);
  }
  return best;
}

function reduceRowFloat(op: i32, dtype: i32, p: usize, r: i32): f64 {
  if (op == R_SUM) return dtype == F32 ? sumRowF32(p, r) : sumRowF64(p, r);
  if (op == R_PROD) {
    let acc = 1.0;
    if (dtype == F32) for (let q = 0; q < r; q++) acc *= <f64>load<f32>(p + (<usize>q << 2));
    else for (let q = 0; q < r; q++) acc *= load<f64>(p + (<usize>q << 3));
    return acc;
  }
  if (dtype == F32) return <f64>extremeRowFloat<f32>(p, r, op == R_MAX);
  return extremeRowFloat<f64>(p, r, op == R_MAX);
}

@inline
function reduceRowInt<T>(op: i32, p: usize, r: i32): i32 {
  const sz = <usize>sizeof<T>();
  let acc: i32 = op == R_SUM ? 0 : op == R_PROD ? 1 : op == R_MAX ? (sz == 1 ? 0 : i32.MIN_VALUE) : sz == 1 ? 1 : i32.MAX_VALUE;
  for (let q = 0; q < r; q++) {
    const v = <i32>load<T>(p + <usize>q * sz);
    if (op == R_SUM) acc += v;
    else if (op == R_PROD) acc *= v;
    else if (op == R_MAX) acc = v > acc ? v : acc;
    else acc = v < acc ? v : acc;
  }
  return acc;
}

/** out[i] = reduce(x[i*r : i*r + r]) for i in [start, end). */
export function reduceRows(op: i32, dtype: i32, x: usize, o: usize, r: i32, start: i32, end: i32): void {
  for (let i = start; i < end; i++) {
    if (dtype == F32) {
      store<f32>(o + (<usize>i << 2), <f32>reduceRowFloat(op, dtype, x + (<usize>i * <usize>r << 2), r));
    } else if (dtype == F64) {
      store<f64>(o + (<usize>i << 3), reduceRowFloat(op, dtype, x + (<usize>i * <usize>r << 3), r));
    } else if (dtype == I32) {
      store<i32>(o + (<usize>i << 2), reduceRowInt<i32>(op, x + (<usize>i * <usize>r << 2), r));
    } else {
      store<u8>(o + <usize>i, <u8>reduceRowInt<u8>(op, x + <usize>i * <usize>r, r));
    }
  }
}

// --------------------------------------------------------------- columns ----

/** Float32 column block of 4: accumulators in float64 (sum/prod) or float32 (max/min). */
function columnsF32(op: i32, x: usize, o: usize, r: i32, k2: i32, j: i32): void {
  const rowBytes = <usize>k2 << 2;
  const p = x + (<usize>j << 2);
  if (op == R_SUM || op == R_PROD) {
    const isSum = op == R_SUM;
    let lo = f64x2.splat(isSum ? 0 : 1);
    let hi = lo;
    for (let q = 0; q < r; q++) {
      const v = v128.load(p + <usize>q * rowBytes);
      const vl = f64x2.promote_low_f32x4(v);
      const vh = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
      if (isSum) {
        lo = f64x2.add(lo, vl);
        hi = f64x2.add(hi, vh);
      } else {
        lo = f64x2.mul(lo, vl);
        hi = f64x2.mul(hi, vh);
      }
    }
    const out = v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
    v128.store(o + (<usize>j << 2), out);
    return;
  }
  const isMax = op == R_MAX;
  let acc = f32x4.splat(isMax ? -Infinity : Infinity);
  for (let q = 0; q < r; q++) {
    const v = v128.load(p + <usize>q * rowBytes);
    acc = isMax ? f32x4.max(acc, v) : f32x4.min(acc, v);
  }
  v128.store(o + (<usize>j << 2), acc);
}

/** Float64 column block of 2. */
function columnsF64(op: i32, x: usize, o: usize, r: i32, k2: i32, j: i32): void {
  const rowBytes = <usize>k2 << 3;
  const p = x + (<usize>j << 3);
  if (op == R_SUM) {
    // In blocks, as sumRowF64.
    let total = f64x2.splat(0);
    for (let q0 = 0; q0 < r; q0 += SUM_BLOCK) {
      const blockEnd = min(r, q0 + SUM_BLOCK);
      let block = f64x2.splat(0);
      for (let q = q0; q < blockEnd; q++) block = f64x2.add(block, v128.load(p + <usize>q * rowBytes));
      total = f64x2.add(total, block);
    }
    v128.store(o + (<usize>j << 3), total);
    return;
  }
  let acc = f64x2.splat(op == R_PROD ? 1 : op == R_MAX ? -Infinity : Infinity);
  for (let q = 0; q < r; q++) {
    const v = v128.load(p + <usize>q * rowBytes);
    if (op == R_PROD) acc = f64x2.mul(acc, v);
    else if (op == R_MAX) acc = f64x2.max(acc, v);
    else acc = f64x2.min(acc, v);
  }
  v128.store(o + (<usize>j << 3), acc);
}

/** One column of any dtype, scalar. */
function columnScalar(op: i32, dtype: i32, x: usize, o: usize, r: i32, k2: i32, j: i32): void {
  if (dtype == F32 || dtype == F64) {
    let acc: f64 = op == R_SUM ? 0 : op == R_PROD ? 1 : op == R_MAX ? -Infinity : Infinity;
    let block: f64 = 0; // sums add in blocks, as sumRowF64
    for (let q = 0; q < r; q++) {
      const idx = <usize>q * <usize>k2 + <usize>j;
      const v = dtype == F32 ? <f64>load<f32>(x + (idx << 2)) : load<f64>(x + (idx << 3));
      if (op == R_SUM) {
        block += v;
        if ((q + 1) % SUM_BLOCK == 0) {
          acc += block;
          block = 0;
        }
      } else if (op == R_PROD) acc *= v;
      else if (op == R_MAX) acc = max(acc, v);
      else acc = min(acc, v);
    }
    if (op == R_SUM) acc += block;
    if (dtype == F32) store<f32>(o + (<usize>j << 2), <f32>acc);
    else store<f64>(o + (<usize>j << 3), acc);
    return;
  }
  const isI32 = dtype == I32;
  let acc: i32 =
    op == R_SUM ? 0 : op == R_PROD ? 1 : op == R_MAX ? (isI32 ? i32.MIN_VALUE : 0) : isI32 ? i32.MAX_VALUE : 1;
  for (let q = 0; q < r; q++) {
    const idx = <usize>q * <usize>k2 + <usize>j;
    const v = isI32 ? load<i32>(x + (idx << 2)) : <i32>load<u8>(x + idx);
    if (op == R_SUM) acc += v;
    else if (op == R_PROD) acc *= v;
    else if (op == R_MAX) acc = v > acc ? v : acc;
    else acc = v < acc ? v : acc;
  }
  if (isI32) store<i32>(o + (<usize>j << 2), acc);
  else store<u8>(o + <usize>j, <u8>acc);
}

/**
 * out[i, j] = reduce over q of x[i, q, j], x [k1, r, k2], for flat output
 * indices [start, end) (i = f / k2, j = f % k2).
 */
export function reduceColumns(
  op: i32,
  dtype: i32,
  x: usize,
  o: usize,
  r: i32,
  k2: i32,
  start: i32,
  end: i32,
): void {
  const sz: usize = dtype == F64 ? 8 : dtype == F32 || dtype == I32 ? 4 : 1;
  const w: i32 = dtype == F32 ? 4 : dtype == F64 ? 2 : 1;
  let f = start;
  while (f < end) {
    const i = f / k2;
    let j = f % k2;
    let jEnd = k2;
    if (jEnd - j > end - f) jEnd = j + (end - f);
    const xi = x + <usize>i * <usize>r * <usize>k2 * sz;
    const oi = o + <usize>i * <usize>k2 * sz;
    if (w > 1) {
      for (; j + w <= jEnd; j += w) {
        if (dtype == F32) columnsF32(op, xi, oi, r, k2, j);
        else columnsF64(op, xi, oi, r, k2, j);
      }
    }
    for (; j < jEnd; j++) columnScalar(op, dtype, xi, oi, r, k2, j);
    f = i * k2 + jEnd;
  }
}

// ------------------------------------------------------------ argReduce ----

/**
 * Index of the first max (isMax) or min along the middle axis of x
 * [outer, len, inner]; a NaN counts as the extreme (its first index wins).
 * Output int32 [outer, inner], flat indices [start, end).
 */
export function argReduce(
  isMax: bool,
  dtype: i32,
  x: usize,
  o: usize,
  len: i32,
  inner: i32,
  start: i32,
  end: i32,
): void {
  for (let f = start; f < end; f++) {
    const oi = f / inner;
    const j = f % inner;
    const base = oi * len * inner + j;
    let bi = 0;
    if (dtype == F32 || dtype == F64) {
      let best = dtype == F32 ? <f64>load<f32>(x + (<usize>base << 2)) : load<f64>(x + (<usize>base << 3));
      if (!isNaN(best)) {
        for (let a = 1; a < len; a++) {
          const p = base + a * inner;
          const v = dtype == F32 ? <f64>load<f32>(x + (<usize>p << 2)) : load<f64>(x + (<usize>p << 3));
          if (isNaN(v)) {
            bi = a;
            break;
          }
          if (isMax ? v > best : v < best) {
            best = v;
            bi = a;
          }
        }
      }
    } else {
      const isI32 = dtype == I32;
      let best = isI32 ? load<i32>(x + (<usize>base << 2)) : <i32>load<u8>(x + <usize>base);
      for (let a = 1; a < len; a++) {
        const p = base + a * inner;
        const v = isI32 ? load<i32>(x + (<usize>p << 2)) : <i32>load<u8>(x + <usize>p);
        if (isMax ? v > best : v < best) {
          best = v;
          bi = a;
        }
      }
    }
    store<i32>(o + (<usize>f << 2), bi);
  }
}
