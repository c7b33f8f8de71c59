import type { DataHandle, DType, KernelArgs, TypedArray } from '@polygrad/core';
import { allocArray } from '@polygrad/core';
import type { CpuStorage } from '../storage.js';

/**
 * Batched matmul. Transposes are never materialised: every operand is read
 * through (row stride, column stride), and large products go through a
 * GotoBLAS-style blocked GEMM — K/M/N blocking, panels of A and B packed into
 * a reused float64 heap (which also makes the inner kernel monomorphic), and
 * a 4×2 register-tiled asm.js micro-kernel (see "blocked GEMM" below).
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
//
// GotoBLAS structure: B panels (KC×NC) and A blocks (MC×KC) are packed into
// zero-padded strips, a macro-kernel sweeps MR×NR register tiles over them into
// a C block, and the valid part of that block is added into the output.
//
// The packed buffers live in one fixed ArrayBuffer "heap", and the macro- and
// micro-kernels are an asm.js module (plain JavaScript, compiled from the
// `ASM_SOURCE` string so source transforms cannot break it). V8
// validates it and compiles it through its wasm pipeline, so the hot loop has
// no map checks, no typed-array bounds/int32-overflow checks per load and no
// tagged values. Edges never reach it: strips are zero-padded, the macro-kernel
// always computes whole tiles into the C block, and `addBlock` adds back only
// the valid corner.
//
// Measured on V8 (Node 20, x64, one core), where the micro-kernel is bound by
// instruction count and register pressure rather than memory:
// - plain-TS micro-kernels peaked at ~7 GFLOPS (best: 4×3 tile, one shared
//   packing array, indices masked `& 0x3fffffff` to drop overflow checks);
//   4×4 and larger tiles spill accumulators every iteration;
// - as asm.js, 4×3 / 3×4 / 4×4 tiles reach ~8.2–8.5 GFLOPS (still spilling:
//   ~15 usable xmm registers), 4×2 / 2×4 ~10.5–10.8 (8 accumulators + 4 + 2
//   operands fit); unrolling k by 2 was slower for every shape;
// - KC 256 / MC 96 / NC 1024: KC 128 is ~5% slower, larger blocks are within noise.
// If an engine does not validate asm.js (JavaScriptCore / Bun) the same code
// runs as ordinary JS: ~5.3 GFLOPS on V8 with `--no-validate-asm`, ~10% below
// the previous plain-TS kernel.

const MR = 4;
const NR = 2;
const KC = 256;
const MC = 96; // multiple of MR
const NC = 1024; // multiple of NR

// Heap layout, in float64 elements: B panel | A block | C block.
const B_OFF = 0;
const A_OFF = B_OFF + KC * NC;
const C_OFF = A_OFF + KC * MC;
const HEAP_USED = C_OFF + MC * NC;
/** asm.js heaps must be a power of two between 4 KiB and 16 MiB: the smallest that fits (4 MiB). */
export const HEAP_BYTES = 2 ** Math.ceil(Math.log2(HEAP_USED * 8));

interface AsmStdlib {
  Float64Array: Float64ArrayConstructor;
}

export interface GemmKernel {
  /**
   * C block (row stride `ldc` bytes, at byte `cb`) = packed A block (at byte
   * `pa0`, `mcp` rows) · packed B panel (at byte `pb0`, `ncp` columns) over kc;
   * `mcp`/`ncp` are multiples of MR/NR (strips are zero-padded).
   */
  macro(kc: number, mcp: number, ncp: number, pa0: number, pb0: number, cb: number, ldc: number): void;
}

/**
 * The GEMM kernel as plain TypeScript: the same code as `ASM_SOURCE` (the
 * asm.js module that normally runs), used only where `new Function` is blocked
 * (CSP without 'unsafe-eval'). It carries no 'use asm' directive on purpose:
 * transforms (vitest, minifiers) rewrite `0.0` to `0`, V8 would then log
 * "Invalid asm.js" on every load; as ordinary JS it is ~5.3 GFLOPS on V8.
 */
function jsGemm(stdlib: AsmStdlib, _foreign: unknown, heap: ArrayBuffer): GemmKernel {
  // (asm.js style, mirroring ASM_SOURCE: `var`s declared up front)
  var H = new stdlib.Float64Array(heap);

  /** 4×2 tile: C(co, row stride ldc bytes) = A strip (pa) · B strip (pb) over kc. */
  function micro(kc: number, pa: number, pb: number, co: number, ldc: number): void {
    kc = kc | 0;
    pa = pa | 0;
    pb = pb | 0;
    co = co | 0;
    ldc = ldc | 0;
    // (asm.js style, mirroring ASM_SOURCE: `var`s declared up front)
    var c00 = 0.0,
      c01 = 0.0,
      c10 = 0.0,
      c11 = 0.0,
      c20 = 0.0,
      c21 = 0.0,
      c30 = 0.0,
      c31 = 0.0,
      a = 0.0,
      b0 = 0.0,
      b1 = 0.0,
      end = 0;
    end = (pb + (kc << 4)) | 0;
    while ((pb | 0) < (end | 0)) {
      b0 = +H[pb >> 3];
      b1 = +H[(pb + 8) >> 3];
      a = +H[pa >> 3];
      c00 = c00 + a * b0;
      c01 = c01 + a * b1;
      a = +H[(pa + 8) >> 3];
      c10 = c10 + a * b0;
      c11 = c11 + a * b1;
      a = +H[(pa + 16) >> 3];
      c20 = c20 + a * b0;
      c21 = c21 + a * b1;
      a = +H[(pa + 24) >> 3];
      c30 = c30 + a * b0;
      c31 = c31 + a * b1;
      pa = (pa + 32) | 0;
      pb = (pb + 16) | 0;
    }
    H[co >> 3] = c00;
    H[(co + 8) >> 3] = c01;
    co = (co + ldc) | 0;
    H[co >> 3] = c10;
    H[(co + 8) >> 3] = c11;
    co = (co + ldc) | 0;
    H[co >> 3] = c20;
    H[(co + 8) >> 3] = c21;
    co = (co + ldc) | 0;
    H[co >> 3] = c30;
    H[(co + 8) >> 3] = c31;
  }

  function macro(
    kc: number,
    mcp: number,
    ncp: number,
    pa0: number,
    pb0: number,
    cb: number,
    ldc: number,
  ): void {
    kc = kc | 0;
    mcp = mcp | 0;
    ncp = ncp | 0;
    pa0 = pa0 | 0;
    pb0 = pb0 | 0;
    cb = cb | 0;
    ldc = ldc | 0;
    // (asm.js style, mirroring ASM_SOURCE: `var`s declared up front)
    var jr = 0,
      ir = 0,
      pa = 0,
      pb = 0,
      co = 0;
    pb = pb0;
    for (jr = 0; (jr | 0) < (ncp | 0); jr = (jr + 2) | 0) {
      pa = pa0;
      co = (cb + (jr << 3)) | 0;
      for (ir = 0; (ir | 0) < (mcp | 0); ir = (ir + 4) | 0) {
        micro(kc, pa, pb, co, ldc);
        pa = (pa + (kc << 5)) | 0;
        co = (co + (ldc << 2)) | 0;
      }
      pb = (pb + (kc << 4)) | 0;
    }
  }

  return { macro: macro };
}

type AsmFactory = (stdlib: AsmStdlib, foreign: unknown, heap: ArrayBuffer) => GemmKernel;

/**
 * The asm.js GEMM module as source text, compiled with `new Function`. Source
 * transforms (vitest, bundler minifiers) print `0.0` as `0`, which breaks asm.js
 * validation (V8 then logs "Invalid asm.js" and runs the ~45% slower JS
 * fallback); a string literal is left alone. Must stay equivalent to
 * `jsGemm` — test/matmul.test.ts compares the two bit for bit.
 */
const ASM_SOURCE = `'use asm';
var H = new stdlib.Float64Array(heap);
function micro(kc, pa, pb, co, ldc) {
  kc = kc | 0; pa = pa | 0; pb = pb | 0; co = co | 0; ldc = ldc | 0;
  var c00 = 0.0, c01 = 0.0, c10 = 0.0, c11 = 0.0, c20 = 0.0, c21 = 0.0, c30 = 0.0, c31 = 0.0;
  var a = 0.0, b0 = 0.0, b1 = 0.0, end = 0;
  end = (pb + (kc << 4)) | 0;
  while ((pb | 0) < (end | 0)) {
    b0 = +H[pb >> 3]; b1 = +H[(pb + 8) >> 3];
    a = +H[pa >> 3]; c00 = c00 + a * b0; c01 = c01 + a * b1;
    a = +H[(pa + 8) >> 3]; c10 = c10 + a * b0; c11 = c11 + a * b1;
    a = +H[(pa + 16) >> 3]; c20 = c20 + a * b0; c21 = c21 + a * b1;
    a = +H[(pa + 24) >> 3]; c30 = c30 + a * b0; c31 = c31 + a * b1;
    pa = (pa + 32) | 0; pb = (pb + 16) | 0;
  }
  H[co >> 3] = c00; H[(co + 8) >> 3] = c01; co = (co + ldc) | 0;
  H[co >> 3] = c10; H[(co + 8) >> 3] = c11; co = (co + ldc) | 0;
  H[co >> 3] = c20; H[(co + 8) >> 3] = c21; co = (co + ldc) | 0;
  H[co >> 3] = c30; H[(co + 8) >> 3] = c31;
}
function macro(kc, mcp, ncp, pa0, pb0, cb, ldc) {
  kc = kc | 0; mcp = mcp | 0; ncp = ncp | 0; pa0 = pa0 | 0; pb0 = pb0 | 0; cb = cb | 0; ldc = ldc | 0;
  var jr = 0, ir = 0, pa = 0, pb = 0, co = 0;
  pb = pb0;
  for (jr = 0; (jr | 0) < (ncp | 0); jr = (jr + 2) | 0) {
    pa = pa0;
    co = (cb + (jr << 3)) | 0;
    for (ir = 0; (ir | 0) < (mcp | 0); ir = (ir + 4) | 0) {
      micro(kc, pa, pb, co, ldc);
      pa = (pa + (kc << 5)) | 0;
      co = (co + (ldc << 2)) | 0;
    }
    pb = (pb + (kc << 4)) | 0;
  }
}
return { macro: macro };`;

/**
 * Which GEMM micro-kernel this runtime gets: the asm.js module compiled from
 * source, or the same code as ordinary TypeScript where runtime code
 * generation is blocked (CSP without 'unsafe-eval'). Reported in deviceInfo.
 */
export function matmulKernelKind(): 'asm.js' | 'typescript' {
  try {
    new Function('');
    return 'asm.js';
  } catch {
    return 'typescript';
  }
}

/** The GEMM kernel over `heap`: compiled from `ASM_SOURCE`, or `jsGemm` where runtime code generation is blocked (CSP). */
export function createGemmKernel(heap: ArrayBuffer, fromSource = true): GemmKernel {
  if (fromSource) {
    try {
      const factory = new Function('stdlib', 'foreign', 'heap', ASM_SOURCE) as AsmFactory;
      return factory(globalThis, null, heap);
    } catch {
      // e.g. a Content-Security-Policy without 'unsafe-eval'
    }
  }
  return jsGemm(globalThis, null, heap);
}

let heapView: Float64Array | null = null;
let kernel: GemmKernel | null = null;
let cScratch = new Float64Array(0);

function scratchC(n: number): Float64Array {
  if (cScratch.length < n) cScratch = new Float64Array(n);
  return cScratch;
}

function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
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
  if (!kernel || !heapView) {
    const heap = new ArrayBuffer(HEAP_BYTES);
    heapView = new Float64Array(heap);
    kernel = createGemmKernel(heap);
  }
  const P = heapView;
  const run = kernel;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    const ncp = roundUp(nc, NR);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      packPanelB(B, ob + pc * rsb + jc * csb, rsb, csb, kc, nc, P, B_OFF);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        packPanelA(A, oa + ic * rsa + pc * csa, rsa, csa, mc, kc, P, A_OFF);
        run.macro(kc, roundUp(mc, MR), ncp, A_OFF * 8, B_OFF * 8, C_OFF * 8, ncp * 8);
        addBlock(P, ncp, C, oc + ic * N + jc, N, mc, nc);
      }
    }
  }
}

/** C[co + i*ldc + j] += P[C_OFF + i*ldp + j] for the valid mc×nc corner of the C block. */
function addBlock(
  P: Float64Array,
  ldp: number,
  C: Float64Array,
  co: number,
  ldc: number,
  mc: number,
  nc: number,
): void {
  for (let i = 0; i < mc; i++) {
    const src = C_OFF + i * ldp; // C block starts at element C_OFF
    const dst = co + i * ldc;
    for (let j = 0; j < nc; j++) C[dst + j] += P[src + j];
  }
}

/** Pack an mc×kc block of A into MR-row strips at P[off..]: strip-major, then k, then the MR rows (zero-padded). */
function packPanelA(
  A: TypedArray,
  base: number,
  rsa: number,
  csa: number,
  mc: number,
  kc: number,
  P: Float64Array,
  off: number,
): void {
  let p = off;
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
          P[p] = A[r0 + k];
          P[p + 1] = A[r1 + k];
          P[p + 2] = A[r2 + k];
          P[p + 3] = A[r3 + k];
        }
      } else {
        for (let k = 0, q = rb; k < kc; k++, p += MR, q += csa) {
          P[p] = A[q];
          P[p + 1] = A[q + rsa];
          P[p + 2] = A[q + 2 * rsa];
          P[p + 3] = A[q + 3 * rsa];
        }
      }
    } else {
      for (let k = 0; k < kc; k++, p += MR) {
        const q = rb + k * csa;
        let r = 0;
        for (; r < mr; r++) P[p + r] = A[q + r * rsa];
        for (; r < MR; r++) P[p + r] = 0;
      }
    }
  }
}

/** Pack a kc×nc panel of B into NR-column strips at P[off..]: strip-major, then k, then the NR columns (zero-padded). */
function packPanelB(
  B: TypedArray,
  base: number,
  rsb: number,
  csb: number,
  kc: number,
  nc: number,
  P: Float64Array,
  off: number,
): void {
  let p = off;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    const cb = base + jr * csb;
    if (nr === NR) {
      if (csb === 1) {
        for (let k = 0, q = cb; k < kc; k++, p += NR, q += rsb) {
          P[p] = B[q];
          P[p + 1] = B[q + 1];
        }
      } else {
        const c0 = cb;
        const c1 = cb + csb;
        for (let k = 0; k < kc; k++, p += NR) {
          const o = k * rsb;
          P[p] = B[c0 + o];
          P[p + 1] = B[c1 + o];
        }
      }
    } else {
      for (let k = 0; k < kc; k++, p += NR) {
        const q = cb + k * rsb;
        let c = 0;
        for (; c < nr; c++) P[p + c] = B[q + c * csb];
        for (; c < NR; c++) P[p + c] = 0;
      }
    }
  }
}
