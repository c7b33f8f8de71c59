/**
 * Layout kernels: strided copies (transpose, slice, pad, concat, expand all
 * reduce to one), a cache-tiled 2-D transpose, gather and scatter-add.
 * Copies move raw elements of 1, 4 or 8 bytes, so they serve every dtype.
 */
import { F32, F64, I32 } from './common';
import { eachRun } from './loop';

let gDst: usize = 0;
let gSrc: usize = 0;
let gSize: usize = 0;

@inline
function copyRun<T>(d: usize, sd: i32, s: usize, ss: i32, n: i32): void {
  const sz = <usize>sizeof<T>();
  if (sd == 1 && ss == 1) {
    memory.copy(d, s, <usize>n * sz);
  } else if (ss == 0) {
    const v = load<T>(s);
    for (let i = 0; i < n; i++) store<T>(d + <usize>(i * sd) * sz, v);
  } else {
    for (let i = 0; i < n; i++) store<T>(d + <usize>(i * sd) * sz, load<T>(s + <usize>(i * ss) * sz));
  }
}

function copyRun1(d: usize, sd: i32, s: usize, ss: i32, n: i32): void {
  copyRun<u8>(d, sd, s, ss, n);
}
function copyRun4(d: usize, sd: i32, s: usize, ss: i32, n: i32): void {
  copyRun<u32>(d, sd, s, ss, n);
}
function copyRun8(d: usize, sd: i32, s: usize, ss: i32, n: i32): void {
  copyRun<u64>(d, sd, s, ss, n);
}

class CopyBody {
  @inline run(n: i32, o0: i32, o1: i32, _o2: i32, _o3: i32, s0: i32, s1: i32, _s2: i32, _s3: i32): void {
    const d = gDst + <usize>o0 * gSize;
    const s = gSrc + <usize>o1 * gSize;
    if (gSize == 4) copyRun4(d, s0, s, s1, n);
    else if (gSize == 8) copyRun8(d, s0, s, s1, n);
    else copyRun1(d, s0, s, s1, n);
  }
}

/**
 * dst[Σ i·dstStrides] = src[Σ i·srcStrides] over the loop `desc` (operand 0 =
 * dst, operand 1 = src; element strides), loop elements [start, end).
 * `dst` and `src` are byte addresses of element 0 (base offsets included).
 */
export function copyStrided(elemBytes: i32, src: usize, dst: usize, desc: usize, start: i32, end: i32): void {
  gDst = dst;
  gSrc = src;
  gSize = <usize>elemBytes;
  eachRun<CopyBody>(desc, start, end);
}

/** out [R, C] = xᵀ where x is [C, R]; rows [r0, r1) of out, 32×32 tiles. */
export function transpose2d(elemBytes: i32, x: usize, o: usize, R: i32, C: i32, r0: i32, r1: i32): void {
  const T = 32;
  for (let i0 = r0; i0 < r1; i0 += T) {
    const i1 = min(r1, i0 + T);
    for (let j0 = 0; j0 < C; j0 += T) {
      const j1 = min(C, j0 + T);
      for (let i = i0; i < i1; i++) {
        if (elemBytes == 4) {
          for (let j = j0; j < j1; j++) {
            store<u32>(o + ((<usize>i * <usize>C + <usize>j) << 2), load<u32>(x + ((<usize>j * <usize>R + <usize>i) << 2)));
          }
        } else if (elemBytes == 8) {
          for (let j = j0; j < j1; j++) {
            store<u64>(o + ((<usize>i * <usize>C + <usize>j) << 3), load<u64>(x + ((<usize>j * <usize>R + <usize>i) << 3)));
          }
        } else {
          for (let j = j0; j < j1; j++) {
            store<u8>(o + <usize>i * <usize>C + <usize>j, load<u8>(x + <usize>j * <usize>R + <usize>i));
          }
        }
      }
    }
  }
}

/**
 * x [outer, len, inner], int32 indices [ni] → out [outer, ni, inner]; rows
 * (o, q) with flat row index in [start, end). Out-of-range indices give zeros.
 */
export function gather(
  elemBytes: i32,
  x: usize,
  idx: usize,
  o: usize,
  len: i32,
  inner: i32,
  ni: i32,
  start: i32,
  end: i32,
): void {
  const rowBytes = <usize>inner * <usize>elemBytes;
  for (let f = start; f < end; f++) {
    const oi = f / ni;
    const q = f % ni;
    const k = load<i32>(idx + (<usize>q << 2));
    const dst = o + <usize>f * rowBytes;
    if (k < 0 || k >= len) memory.fill(dst, 0, rowBytes);
    else memory.copy(dst, x + (<usize>oi * <usize>len + <usize>k) * rowBytes, rowBytes);
  }
}

/**
 * out [outer, len, inner] = zeros, then updates [outer, ni, inner] rows added
 * at int32 indices along the middle axis (out-of-range ignored). Float32
 * accumulates in the float64 scratch `acc` (outer·len·inner f64) and rounds once;
 * bool ors.
 */
export function scatterAdd(
  dtype: i32,
  u: usize,
  idx: usize,
  o: usize,
  acc: usize,
  outer: i32,
  len: i32,
  inner: i32,
  ni: i32,
): void {
  const size = <usize>outer * <usize>len * <usize>inner;
  if (dtype == F32) memory.fill(acc, 0, size << 3);
  else if (dtype == F64 || dtype == I32) memory.fill(o, 0, size << (dtype == F64 ? 3 : 2));
  else memory.fill(o, 0, size);
  for (let oi = 0; oi < outer; oi++) {
    for (let q = 0; q < ni; q++) {
      const k = load<i32>(idx + (<usize>q << 2));
      if (k < 0 || k >= len) continue;
      const src = (<usize>oi * <usize>ni + <usize>q) * <usize>inner;
      const dst = (<usize>oi * <usize>len + <usize>k) * <usize>inner;
      for (let j = 0; j < inner; j++) {
        const s = src + <usize>j;
        const d = dst + <usize>j;
        if (dtype == F32) store<f64>(acc + (d << 3), load<f64>(acc + (d << 3)) + <f64>load<f32>(u + (s << 2)));
        else if (dtype == F64) store<f64>(o + (d << 3), load<f64>(o + (d << 3)) + load<f64>(u + (s << 3)));
        else if (dtype == I32) store<i32>(o + (d << 2), load<i32>(o + (d << 2)) + load<i32>(u + (s << 2)));
        else store<u8>(o + d, load<u8>(o + d) | load<u8>(u + s));
      }
    }
  }
  if (dtype == F32) {
    for (let i: usize = 0; i < size; i++) store<f32>(o + (i << 2), <f32>load<f64>(acc + (i << 3)));
  }
}
