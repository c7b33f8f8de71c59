import type { DataHandle, DType, KernelArgs, TypedArray } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * Batched matmul. Transposes are never materialised: every operand is read
 * through (row stride, column stride), and large products go through a
 * GotoBLAS-style blocked GEMM — K-blocking, panels of A and B packed into
 * reused float64 scratch (which also makes the inner kernel monomorphic),
 * and a 4×4 register-tiled micro-kernel whose 16 accumulators live in locals.
 * Float32 outputs accumulate in float64 and round once on store.
 */
export function matmul(
  s: CpuStorage,
  { a, b, transposeA, transposeB, out }: KernelArgs['matmul'],
): DataHandle {
  const A = s.get(a.handle);
  const B = s.get(b.handle);
  const os = out.shape;
  const r = os.length;
  const M = r >= 2 ? os[r - 2] : 1;
  const N = os[r - 1];
  let batch = 1;
  for (let i = 0; i < r - 2; i++) batch *= os[i];
  const ar = a.shape.length;
  const K = transposeA ? a.shape[ar - 2] : a.shape[ar - 1];
  const O = allocArray(out.dtype, batch * M * N);
  matmulInto(A, B, O, out.dtype, batch, M, N, K, transposeA, transposeB, null);
  return s.wrap(O, out.dtype);
}

/**
 * O[bt] = op(A[bt]) · op(B[bt]) (+ bias[n]) for every batch bt. A batch of A or
 * B whose total size is one matrix is broadcast.
 */
export function matmulInto(
  A: TypedArray,
  B: TypedArray,
  O: TypedArray,
  dtype: DType,
  batch: number,
  M: number,
  N: number,
  K: number,
  transposeA: boolean,
  transposeB: boolean,
  bias: TypedArray | null,
): void {
  const MN = M * N;
  if (batch * MN === 0) return;
  const MK = M * K;
  const KN = K * N;
  const aBatched = MK > 0 && A.length > MK;
  const bBatched = KN > 0 && B.length > KN;
  // A(i,k) = A[oa + i*rsa + k*csa],  B(k,n) = B[ob + k*rsb + n*csb]
  const rsa = transposeA ? 1 : K;
  const csa = transposeA ? M : 1;
  const rsb = transposeB ? 1 : N;
  const csb = transposeB ? K : 1;

  if (K === 0) {
    if (bias) for (let i = 0; i < batch * M; i++) for (let j = 0; j < N; j++) O[i * N + j] = bias[j];
    return;
  }
  if (dtype !== 'float32' && dtype !== 'float64') {
    for (let bt = 0; bt < batch; bt++)
      naiveInt(
        A,
        aBatched ? bt * MK : 0,
        rsa,
        csa,
        B,
        bBatched ? bt * KN : 0,
        rsb,
        csb,
        O,
        bt * MN,
        M,
        N,
        K,
        dtype,
      );
    return;
  }
  // Fold a batched, non-transposed A against a shared B into one tall product.
  if (batch > 1 && aBatched && !bBatched && !transposeA) {
    M *= batch;
    batch = 1;
  }
  const mn = M * N;
  if (M * N * K <= 16384 || M < 4 || N < 4) {
    for (let bt = 0; bt < batch; bt++)
      naive(
        A,
        aBatched ? bt * MK : 0,
        rsa,
        csa,
        B,
        bBatched ? bt * KN : 0,
        rsb,
        csb,
        O,
        bt * mn,
        M,
        N,
        K,
        bias,
      );
    return;
  }
  const direct = O instanceof Float64Array;
  const C = direct ? O : scratchC(mn);
  for (let bt = 0; bt < batch; bt++) {
    const oc = direct ? bt * mn : 0;
    if (!direct) C.fill(0, 0, mn);
    gemm(M, N, K, A, aBatched ? bt * MK : 0, rsa, csa, B, bBatched ? bt * KN : 0, rsb, csb, C, oc);
    const base = bt * mn;
    if (bias) {
      for (let i = 0; i < M; i++) {
        const row = i * N;
        for (let j = 0; j < N; j++) O[base + row + j] = C[oc + row + j] + bias[j];
      }
    } else if (!direct) {
      for (let i = 0; i < mn; i++) O[base + i] = C[i];
    }
  }
}

function naive(
  A: TypedArray,
  oa: number,
  rsa: number,
  csa: number,
  B: TypedArray,
  ob: number,
  rsb: number,
  csb: number,
  O: TypedArray,
  oo: number,
  M: number,
  N: number,
  K: number,
  bias: TypedArray | null,
): void {
  for (let i = 0; i < M; i++) {
    const ai = oa + i * rsa;
    for (let j = 0; j < N; j++) {
      let acc = bias ? bias[j] : 0;
      let pa = ai;
      let pb = ob + j * csb;
      for (let k = 0; k < K; k++, pa += csa, pb += rsb) acc += A[pa] * B[pb];
      O[oo + i * N + j] = acc;
    }
  }
}

function naiveInt(
  A: TypedArray,
  oa: number,
  rsa: number,
  csa: number,
  B: TypedArray,
  ob: number,
  rsb: number,
  csb: number,
  O: TypedArray,
  oo: number,
  M: number,
  N: number,
  K: number,
  dtype: DType,
): void {
  const bool = dtype === 'bool';
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let acc = 0;
      let pa = oa + i * rsa;
      let pb = ob + j * csb;
      for (let k = 0; k < K; k++, pa += csa, pb += rsb) acc = (acc + Math.imul(A[pa], B[pb])) | 0;
      O[oo + i * N + j] = bool ? (acc !== 0 ? 1 : 0) : acc;
    }
  }
}

// ---- blocked GEMM ----

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 128;
const NC = 1024;

// Packing scratch, grown on first use and reused across calls (never per call).
let packA = new Float64Array(0);
let packB = new Float64Array(0);
let cScratch = new Float64Array(0);
const edge = new Float64Array(MR * NR);

function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

function scratchC(n: number): Float64Array {
  if (cScratch.length < n) cScratch = new Float64Array(n);
  return cScratch;
}

/** C[oc + i*N + j] += Σ_k A(i,k) B(k,j). */
function gemm(
  M: number,
  N: number,
  K: number,
  A: TypedArray,
  oa: number,
  rsa: number,
  csa: number,
  B: TypedArray,
  ob: number,
  rsb: number,
  csb: number,
  C: Float64Array,
  oc: number,
): void {
  const kcMax = Math.min(KC, K);
  const needA = kcMax * roundUp(Math.min(MC, M), MR);
  const needB = kcMax * roundUp(Math.min(NC, N), NR);
  if (packA.length < needA) packA = new Float64Array(needA);
  if (packB.length < needB) packB = new Float64Array(needB);
  const Ap = packA;
  const Bp = packB;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      packPanelB(B, ob + pc * rsb + jc * csb, rsb, csb, kc, nc, Bp);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        packPanelA(A, oa + ic * rsa + pc * csa, rsa, csa, mc, kc, Ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            micro(kc, Ap, ir * kc, Bp, jr * kc, C, oc + (ic + ir) * N + jc + jr, N, mr, nr);
          }
        }
      }
    }
  }
}

/** Pack an mc×kc block of A into MR-row strips: strip-major, then k, then the MR rows. */
function packPanelA(
  A: TypedArray,
  base: number,
  rsa: number,
  csa: number,
  mc: number,
  kc: number,
  Ap: Float64Array,
): void {
  let p = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = Math.min(MR, mc - ir);
    const rb = base + ir * rsa;
    if (mr === MR) {
      if (csa === 1) {
        const r0 = rb;
        const r1 = rb + rsa;
        const r2 = rb + 2 * rsa;
        const r3 = rb + 3 * rsa;
        for (let k = 0; k < kc; k++, p += MR) {
          Ap[p] = A[r0 + k];
          Ap[p + 1] = A[r1 + k];
          Ap[p + 2] = A[r2 + k];
          Ap[p + 3] = A[r3 + k];
        }
      } else {
        for (let k = 0, q = rb; k < kc; k++, p += MR, q += csa) {
          Ap[p] = A[q];
          Ap[p + 1] = A[q + rsa];
          Ap[p + 2] = A[q + 2 * rsa];
          Ap[p + 3] = A[q + 3 * rsa];
        }
      }
    } else {
      for (let k = 0; k < kc; k++, p += MR) {
        const q = rb + k * csa;
        let r = 0;
        for (; r < mr; r++) Ap[p + r] = A[q + r * rsa];
        for (; r < MR; r++) Ap[p + r] = 0;
      }
    }
  }
}

/** Pack a kc×nc panel of B into NR-column strips: strip-major, then k, then the NR columns. */
function packPanelB(
  B: TypedArray,
  base: number,
  rsb: number,
  csb: number,
  kc: number,
  nc: number,
  Bp: Float64Array,
): void {
  let p = 0;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    const cb = base + jr * csb;
    if (nr === NR) {
      if (csb === 1) {
        for (let k = 0, q = cb; k < kc; k++, p += NR, q += rsb) {
          Bp[p] = B[q];
          Bp[p + 1] = B[q + 1];
          Bp[p + 2] = B[q + 2];
          Bp[p + 3] = B[q + 3];
        }
      } else {
        const c0 = cb;
        const c1 = cb + csb;
        const c2 = cb + 2 * csb;
        const c3 = cb + 3 * csb;
        for (let k = 0; k < kc; k++, p += NR) {
          const o = k * rsb;
          Bp[p] = B[c0 + o];
          Bp[p + 1] = B[c1 + o];
          Bp[p + 2] = B[c2 + o];
          Bp[p + 3] = B[c3 + o];
        }
      }
    } else {
      for (let k = 0; k < kc; k++, p += NR) {
        const q = cb + k * rsb;
        let c = 0;
        for (; c < nr; c++) Bp[p + c] = B[q + c * csb];
        for (; c < NR; c++) Bp[p + c] = 0;
      }
    }
  }
}

/** 4×4 register tile: C[ci..] += Ap-strip · Bp-strip over kc; only mr×nr is stored. */
function micro(
  kc: number,
  Ap: Float64Array,
  pa: number,
  Bp: Float64Array,
  pb: number,
  C: Float64Array,
  ci: number,
  ldc: number,
  mr: number,
  nr: number,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  for (let k = 0; k < kc; k++, pa += 4, pb += 4) {
    const b0 = Bp[pb];
    const b1 = Bp[pb + 1];
    const b2 = Bp[pb + 2];
    const b3 = Bp[pb + 3];
    let a = Ap[pa];
    c00 += a * b0;
    c01 += a * b1;
    c02 += a * b2;
    c03 += a * b3;
    a = Ap[pa + 1];
    c10 += a * b0;
    c11 += a * b1;
    c12 += a * b2;
    c13 += a * b3;
    a = Ap[pa + 2];
    c20 += a * b0;
    c21 += a * b1;
    c22 += a * b2;
    c23 += a * b3;
    a = Ap[pa + 3];
    c30 += a * b0;
    c31 += a * b1;
    c32 += a * b2;
    c33 += a * b3;
  }
  if (mr === 4 && nr === 4) {
    C[ci] += c00;
    C[ci + 1] += c01;
    C[ci + 2] += c02;
    C[ci + 3] += c03;
    ci += ldc;
    C[ci] += c10;
    C[ci + 1] += c11;
    C[ci + 2] += c12;
    C[ci + 3] += c13;
    ci += ldc;
    C[ci] += c20;
    C[ci + 1] += c21;
    C[ci + 2] += c22;
    C[ci + 3] += c23;
    ci += ldc;
    C[ci] += c30;
    C[ci + 1] += c31;
    C[ci + 2] += c32;
    C[ci + 3] += c33;
    return;
  }
  const t = edge;
  t[0] = c00;
  t[1] = c01;
  t[2] = c02;
  t[3] = c03;
  t[4] = c10;
  t[5] = c11;
  t[6] = c12;
  t[7] = c13;
  t[8] = c20;
  t[9] = c21;
  t[10] = c22;
  t[11] = c23;
  t[12] = c30;
  t[13] = c31;
  t[14] = c32;
  t[15] = c33;
  for (let i = 0; i < mr; i++) for (let j = 0; j < nr; j++) C[ci + i * ldc + j] += t[i * 4 + j];
}
