/**
 * Blocked GEMM with SIMD register tiles: C = op(A) · op(B) (+ bias per column).
 *
 * Structure (after BLIS/XNNPACK): the K dimension is cut into KC-deep slices;
 * for each slice the chunk's columns of B are packed into NR-wide panels
 * (contiguous kc × NR, zero-padded), so both B layouts — [K, N] and the
 * transposed [N, K] — feed the micro-kernel the same way. A is read in place
 * with one broadcast load per row and k, which costs the same for [M, K] and
 * the transposed [K, M] layout, so every transpose combination runs the same
 * micro-kernel at the same speed. The micro-kernel keeps an MR × NR tile of C
 * in registers (float32: 4 × 8 = eight 4-lane accumulators; float64: 4 × 4).
 *
 * Every element of C is the sum over k in ascending order, started from the
 * value C held after the previous slice: the result does not depend on how
 * the host splits C into chunks, so it is the same for any thread count.
 * Where relaxed SIMD is enabled the tile update is a fused multiply-add.
 */

const KC: i32 = 256;
const MR: i32 = 4;
const NR32: i32 = 8;
const NR64: i32 = 4;

/** Bytes of scratch a thread needs for chunks up to `ncMax` columns. */
export function matmulWorkBytes(ncMax: i32): i32 {
  // packed B slice (kc × nc rounded up to NR, 8 bytes per element covers both dtypes), a C tile,
  // a bias tile and a packed 4-row strip of A (kc × 4 × 8 bytes)
  return KC * (ncMax + NR32) * 8 + 1024 + KC * MR * 8;
}

@inline
function fma32(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

@inline
function fma64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

// -------------------------------------------------------------- float32 ----

/**
 * C[4×8] (+)= Ap[kc × 4] · Bp[kc × 8]: packed A (4 rows interleaved per k)
 * and packed B. `c` with row stride `ldc` bytes; `bias` (8 floats) or 0.
 */
function tileF32(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool, bias: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  if (accumulate) {
    c00 = v128.load(c);
    c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc);
    c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc);
    c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc);
    c31 = v128.load(c + 3 * ldc, 16);
  }
  const end = bp + (<usize>kc << 5);
  while (bp < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let x = v128.load32_splat(ap);
    c00 = fma32(x, b0, c00);
    c01 = fma32(x, b1, c01);
    x = v128.load32_splat(ap, 4);
    c10 = fma32(x, b0, c10);
    c11 = fma32(x, b1, c11);
    x = v128.load32_splat(ap, 8);
    c20 = fma32(x, b0, c20);
    c21 = fma32(x, b1, c21);
    x = v128.load32_splat(ap, 12);
    c30 = fma32(x, b0, c30);
    c31 = fma32(x, b1, c31);
    ap += 16;
    bp += 32;
  }
  if (bias != 0) {
    const bb0 = v128.load(bias);
    const bb1 = v128.load(bias, 16);
    c00 = f32x4.add(c00, bb0);
    c01 = f32x4.add(c01, bb1);
    c10 = f32x4.add(c10, bb0);
    c11 = f32x4.add(c11, bb1);
    c20 = f32x4.add(c20, bb0);
    c21 = f32x4.add(c21, bb1);
    c30 = f32x4.add(c30, bb0);
    c31 = f32x4.add(c31, bb1);
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/**
 * Pack rows m..m+mr-1 (mr <= 4, the rest repeat the last row) of A over
 * k0..k0+kc-1 as [kc][4]. A(m, k) at a + (m·rowStride + k·colStride)·4.
 * Row-major A ([M, K]) transposes 4×4 blocks in registers; transposed A
 * ([K, M]) copies 16 bytes per k.
 */
function packAF32(a: usize, rowStride: usize, colStride: usize, m: i32, mr: i32, k0: i32, kc: i32, dst: usize): void {
  const r0 = a + ((<usize>m * rowStride + <usize>k0 * colStride) << 2);
  const r1 = mr > 1 ? r0 + (rowStride << 2) : r0;
  const r2 = mr > 2 ? r0 + (2 * rowStride << 2) : r1;
  const r3 = mr > 3 ? r0 + (3 * rowStride << 2) : r2;
  let k = 0;
  if (colStride == 1) {
    for (; k + 4 <= kc; k += 4) {
      const off = <usize>k << 2;
      const x0 = v128.load(r0 + off);
      const x1 = v128.load(r1 + off);
      const x2 = v128.load(r2 + off);
      const x3 = v128.load(r3 + off);
      const lo01 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
      const lo23 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
      const hi01 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
      const hi23 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
      const p = dst + (<usize>k << 4);
      v128.store(p, v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5));
      v128.store(p, v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7), 16);
      v128.store(p, v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5), 32);
      v128.store(p, v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7), 48);
    }
  } else if (mr == 4) {
    const step = colStride << 2;
    let src = r0 + <usize>k * step;
    for (; k < kc; k++) {
      v128.store(dst + (<usize>k << 4), v128.load(src));
      src += step;
    }
  }
  for (; k < kc; k++) {
    const off = (<usize>k * colStride) << 2;
    const p = dst + (<usize>k << 4);
    store<f32>(p, load<f32>(r0 + off));
    store<f32>(p, load<f32>(r1 + off), 4);
    store<f32>(p, load<f32>(r2 + off), 8);
    store<f32>(p, load<f32>(r3 + off), 12);
  }
}

/** Pack B[k0:k0+kc, n0:n0+nc] (B is [K, N]) into 8-wide panels at dst. */
function packBF32(b: usize, N: i32, k0: i32, kc: i32, n0: i32, nc: i32, dst: usize): void {
  for (let j = 0; j < nc; j += NR32) {
    const w = min(NR32, nc - j);
    let src = b + ((<usize>k0 * <usize>N + <usize>(n0 + j)) << 2);
    const rowBytes = <usize>N << 2;
    if (w == NR32) {
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += rowBytes;
        dst += 32;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.splat<f32>(0));
        v128.store(dst, v128.splat<f32>(0), 16);
        for (let t = 0; t < w; t++) store<f32>(dst + (<usize>t << 2), load<f32>(src + (<usize>t << 2)));
        src += rowBytes;
        dst += 32;
      }
    }
  }
}

/** Pack B[k0:k0+kc, n0:n0+nc] where B is stored transposed as Bt [N, K], with 4×4 SIMD transposes. */
function packBTF32(b: usize, K: i32, k0: i32, kc: i32, n0: i32, nc: i32, dst: usize): void {
  const rowBytes = <usize>K << 2;
  for (let j = 0; j < nc; j += NR32) {
    const w = min(NR32, nc - j);
    const panel = dst;
    for (let g = 0; g < NR32; g += 4) {
      const col = n0 + j + g;
      const rows = min(4, w - g);
      const s0 = b + ((<usize>col * <usize>K + <usize>k0) << 2);
      let k = 0;
      if (rows == 4) {
        for (; k + 4 <= kc; k += 4) {
          const off = <usize>k << 2;
          const r0 = v128.load(s0 + off);
          const r1 = v128.load(s0 + rowBytes + off);
          const r2 = v128.load(s0 + 2 * rowBytes + off);
          const r3 = v128.load(s0 + 3 * rowBytes + off);
          const lo01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
          const lo23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
          const hi01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
          const hi23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
          const p = panel + ((<usize>k * NR32 + <usize>g) << 2);
          v128.store(p, v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5));
          v128.store(p + 32, v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7));
          v128.store(p + 64, v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5));
          v128.store(p + 96, v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7));
        }
      }
      for (; k < kc; k++) {
        const p = panel + ((<usize>k * NR32 + <usize>g) << 2);
        for (let t = 0; t < 4; t++) {
          const v: f32 = t < rows ? load<f32>(s0 + <usize>t * rowBytes + (<usize>k << 2)) : 0;
          store<f32>(p + (<usize>t << 2), v);
        }
      }
    }
    dst += <usize>kc * NR32 * 4;
  }
}

/**
 * One chunk of a float32 matmul: C[m0:m1, n0:n1] over all of K.
 * A(m, k) = transA ? a[k*M + m] : a[m*K + k]; B(k, n) = transB ? b[n*K + k] : b[k*N + n].
 * `bias` (N floats) is added on the last slice when nonzero. `work` is matmulWorkBytes(n1 - n0).
 */
export function gemmF32(
  a: usize,
  b: usize,
  c: usize,
  bias: usize,
  M: i32,
  N: i32,
  K: i32,
  transA: bool,
  transB: bool,
  m0: i32,
  m1: i32,
  n0: i32,
  n1: i32,
  work: usize,
): void {
  const nc = n1 - n0;
  const ldc = <usize>N << 2;
  const panelsBytes = <usize>KC * <usize>(nc + NR32) * 4;
  const tile = (work + panelsBytes + 15) & ~15;
  const biasTile = tile + 128;
  if (K == 0) {
    for (let m = m0; m < m1; m++) {
      for (let n = n0; n < n1; n++) {
        store<f32>(c + ((<usize>m * <usize>N + <usize>n) << 2), bias != 0 ? load<f32>(bias + (<usize>n << 2)) : 0);
      }
    }
    return;
  }
  const rowStride: usize = transA ? 1 : <usize>K;
  const colStride: usize = transA ? <usize>M : 1;
  const apack = biasTile + 256;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    if (transB) packBTF32(b, K, k0, kc, n0, nc, work);
    else packBF32(b, N, k0, kc, n0, nc, work);
    const accumulate = k0 > 0;
    const last = k0 + kc >= K;
    for (let m = m0; m < m1; m += MR) {
      const mr = min(MR, m1 - m);
      packAF32(a, rowStride, colStride, m, mr, k0, kc, apack);
      let bp = work;
      for (let j = 0; j < nc; j += NR32) {
        const nr = min(NR32, nc - j);
        const cp = c + ((<usize>m * <usize>N + <usize>(n0 + j)) << 2);
        let bb: usize = 0;
        if (last && bias != 0) {
          if (nr == NR32) bb = bias + (<usize>(n0 + j) << 2);
          else {
            v128.store(biasTile, v128.splat<f32>(0));
            v128.store(biasTile, v128.splat<f32>(0), 16);
            memory.copy(biasTile, bias + (<usize>(n0 + j) << 2), <usize>nr << 2);
            bb = biasTile;
          }
        }
        if (mr == MR && nr == NR32) {
          tileF32(apack, bp, kc, cp, ldc, accumulate, bb);
        } else {
          // partial tile: run the same kernel on a padded copy, store the valid part
          if (accumulate) for (let i = 0; i < mr; i++) memory.copy(tile + (<usize>i << 5), cp + <usize>i * ldc, <usize>nr << 2);
          tileF32(apack, bp, kc, tile, 32, accumulate, bb);
          for (let i = 0; i < mr; i++) memory.copy(cp + <usize>i * ldc, tile + (<usize>i << 5), <usize>nr << 2);
        }
        bp += <usize>kc * NR32 * 4;
      }
    }
  }
}

// -------------------------------------------------------------- float64 ----

/** C[4×4] (+)= Ap[kc × 4] · Bp[kc × 4], float64 (two 2-lane vectors per row), packed A and B. */
function tileF64(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool, bias: usize): void {
  let c00 = f64x2.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  if (accumulate) {
    c00 = v128.load(c);
    c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc);
    c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc);
    c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc);
    c31 = v128.load(c + 3 * ldc, 16);
  }
  const end = bp + (<usize>kc << 5);
  while (bp < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let x = v128.load64_splat(ap);
    c00 = fma64(x, b0, c00);
    c01 = fma64(x, b1, c01);
    x = v128.load64_splat(ap, 8);
    c10 = fma64(x, b0, c10);
    c11 = fma64(x, b1, c11);
    x = v128.load64_splat(ap, 16);
    c20 = fma64(x, b0, c20);
    c21 = fma64(x, b1, c21);
    x = v128.load64_splat(ap, 24);
    c30 = fma64(x, b0, c30);
    c31 = fma64(x, b1, c31);
    ap += 32;
    bp += 32;
  }
  if (bias != 0) {
    const bb0 = v128.load(bias);
    const bb1 = v128.load(bias, 16);
    c00 = f64x2.add(c00, bb0);
    c01 = f64x2.add(c01, bb1);
    c10 = f64x2.add(c10, bb0);
    c11 = f64x2.add(c11, bb1);
    c20 = f64x2.add(c20, bb0);
    c21 = f64x2.add(c21, bb1);
    c30 = f64x2.add(c30, bb0);
    c31 = f64x2.add(c31, bb1);
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/** Pack 4 rows of float64 A over a K slice as [kc][4] (rows past mr repeat the last row). */
function packAF64(a: usize, rowStride: usize, colStride: usize, m: i32, mr: i32, k0: i32, kc: i32, dst: usize): void {
  const r0 = a + ((<usize>m * rowStride + <usize>k0 * colStride) << 3);
  const r1 = mr > 1 ? r0 + (rowStride << 3) : r0;
  const r2 = mr > 2 ? r0 + (2 * rowStride << 3) : r1;
  const r3 = mr > 3 ? r0 + (3 * rowStride << 3) : r2;
  for (let k = 0; k < kc; k++) {
    const off = (<usize>k * colStride) << 3;
    const p = dst + (<usize>k << 5);
    store<f64>(p, load<f64>(r0 + off));
    store<f64>(p, load<f64>(r1 + off), 8);
    store<f64>(p, load<f64>(r2 + off), 16);
    store<f64>(p, load<f64>(r3 + off), 24);
  }
}

/** Pack a float64 B slice into 4-wide panels; B(k, n) read from [K, N] or transposed [N, K]. */
function packBF64(b: usize, N: i32, K: i32, transB: bool, k0: i32, kc: i32, n0: i32, nc: i32, dst: usize): void {
  for (let j = 0; j < nc; j += NR64) {
    const w = min(NR64, nc - j);
    for (let k = 0; k < kc; k++) {
      for (let t = 0; t < NR64; t++) {
        let v: f64 = 0;
        if (t < w) {
          const n = <usize>(n0 + j + t);
          const kk = <usize>(k0 + k);
          v = transB ? load<f64>(b + ((n * <usize>K + kk) << 3)) : load<f64>(b + ((kk * <usize>N + n) << 3));
        }
        store<f64>(dst + (<usize>t << 3), v);
      }
      dst += 32;
    }
  }
}

/** One chunk of a float64 matmul; arguments as for gemmF32. */
export function gemmF64(
  a: usize,
  b: usize,
  c: usize,
  bias: usize,
  M: i32,
  N: i32,
  K: i32,
  transA: bool,
  transB: bool,
  m0: i32,
  m1: i32,
  n0: i32,
  n1: i32,
  work: usize,
): void {
  const nc = n1 - n0;
  const ldc = <usize>N << 3;
  const panelsBytes = <usize>KC * <usize>(nc + NR32) * 8;
  const tile = (work + panelsBytes + 15) & ~15;
  const biasTile = tile + 256;
  if (K == 0) {
    for (let m = m0; m < m1; m++) {
      for (let n = n0; n < n1; n++) {
        store<f64>(c + ((<usize>m * <usize>N + <usize>n) << 3), bias != 0 ? load<f64>(bias + (<usize>n << 3)) : 0);
      }
    }
    return;
  }
  const rowStride: usize = transA ? 1 : <usize>K;
  const colStride: usize = transA ? <usize>M : 1;
  const apack = biasTile + 256;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    packBF64(b, N, K, transB, k0, kc, n0, nc, work);
    const accumulate = k0 > 0;
    const last = k0 + kc >= K;
    for (let m = m0; m < m1; m += MR) {
      const mr = min(MR, m1 - m);
      packAF64(a, rowStride, colStride, m, mr, k0, kc, apack);
      let bp = work;
      for (let j = 0; j < nc; j += NR64) {
        const nr = min(NR64, nc - j);
        const cp = c + ((<usize>m * <usize>N + <usize>(n0 + j)) << 3);
        let bb: usize = 0;
        if (last && bias != 0) {
          if (nr == NR64) bb = bias + (<usize>(n0 + j) << 3);
          else {
            memory.fill(biasTile, 0, 32);
            memory.copy(biasTile, bias + (<usize>(n0 + j) << 3), <usize>nr << 3);
            bb = biasTile;
          }
        }
        if (mr == MR && nr == NR64) {
          tileF64(apack, bp, kc, cp, ldc, accumulate, bb);
        } else {
          if (accumulate) for (let i = 0; i < mr; i++) memory.copy(tile + (<usize>i << 5), cp + <usize>i * ldc, <usize>nr << 3);
          tileF64(apack, bp, kc, tile, 32, accumulate, bb);
          for (let i = 0; i < mr; i++) memory.copy(cp + <usize>i * ldc, tile + (<usize>i << 5), <usize>nr << 3);
        }
        bp += <usize>kc * NR64 * 8;
      }
    }
  }
}

/**
 * Chunks [c0, c1) of a batched matmul. The grid is batch × ceil(M/mb) × ceil(N/nb)
 * (row-major); strideA / strideB are the batch strides in elements (0 when broadcast).
 */
export function matmulChunks(
  f64: bool,
  a: usize,
  b: usize,
  c: usize,
  bias: usize,
  strideA: i32,
  strideB: i32,
  M: i32,
  N: i32,
  K: i32,
  transA: bool,
  transB: bool,
  mb: i32,
  nb: i32,
  c0: i32,
  c1: i32,
  work: usize,
): void {
  const mBlocks = (M + mb - 1) / mb;
  const nBlocks = (N + nb - 1) / nb;
  const perBatch = mBlocks * nBlocks;
  const sz: usize = f64 ? 8 : 4;
  for (let q = c0; q < c1; q++) {
    const bi = q / perBatch;
    const r = q % perBatch;
    const m0 = (r / nBlocks) * mb;
    const n0 = (r % nBlocks) * nb;
    const m1 = min(M, m0 + mb);
    const n1 = min(N, n0 + nb);
    const ap = a + <usize>bi * <usize>strideA * sz;
    const bp = b + <usize>bi * <usize>strideB * sz;
    const cp = c + <usize>bi * <usize>M * <usize>N * sz;
    if (f64) gemmF64(ap, bp, cp, bias, M, N, K, transA, transB, m0, m1, n0, n1, work);
    else gemmF32(ap, bp, cp, bias, M, N, K, transA, transB, m0, m1, n0, n1, work);
  }
}
