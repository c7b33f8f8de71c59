/** Batched matmul (transposes read in place) and the fused linear layer, on the blocked SIMD GEMM. */
import type { DataHandle, KernelArgs } from '@polygrad/core';
import { Job } from '../runtime/codes.js';
import { MATMUL_MAX_CHUNK_COLUMNS } from '../runtime/runtime.js';
import type { WasmHandle, WasmStorage } from '../storage.js';

/** Multiply-adds below which a matmul stays on the calling thread (a job round trip costs more). */
const THREADED_MIN_MACS = 1 << 20;

interface Grid {
  /** Rows per chunk (a multiple of the 4-row tile, or M). */
  readonly mb: number;
  /** Columns per chunk (a multiple of the 8-column tile, at most MATMUL_MAX_CHUNK_COLUMNS). */
  readonly nb: number;
  readonly chunks: number;
}

/**
 * How C is cut into chunks. One thread: full-height column blocks of the
 * widest size. Several: narrower column blocks, then row blocks, until there
 * are at least two chunks per thread (each chunk packs its own slice of B, so
 * splitting rows repacks B once per row block).
 */
export function matmulGrid(batch: number, M: number, N: number, K: number, threads: number): Grid {
  let nb = Math.min(MATMUL_MAX_CHUNK_COLUMNS, Math.max(8, Math.ceil(N / 8) * 8));
  let mb = Math.max(1, M);
  const count = () => batch * Math.ceil(M / mb) * Math.ceil(N / nb);
  if (threads > 1 && batch * M * N * K >= THREADED_MIN_MACS) {
    const want = threads * 2;
    while (count() < want && nb > 64) nb /= 2;
    if (count() < want) {
      const rowBlocks = Math.ceil(want / (batch * Math.ceil(N / nb)));
      mb = Math.max(16, Math.ceil(M / rowBlocks / 4) * 4);
    }
  }
  return { mb, nb, chunks: count() };
}

function gemm(
  s: WasmStorage,
  f64: boolean,
  A: WasmHandle,
  B: WasmHandle,
  C: WasmHandle,
  bias: WasmHandle | null,
  batch: number,
  strideA: number,
  strideB: number,
  M: number,
  N: number,
  K: number,
  transA: boolean,
  transB: boolean,
): void {
  if (batch * M * N === 0) return;
  const rt = s.rt;
  const single = batch * M * N * K < THREADED_MIN_MACS;
  const g = matmulGrid(batch, M, N, K, single ? 1 : rt.threads);
  const per = rt.threads === 1 || single ? g.chunks : 1;
  rt.run(Job.matmul, g.chunks, per, [
    f64 ? 1 : 0,
    A.ptr,
    B.ptr,
    C.ptr,
    bias ? bias.ptr : 0,
    strideA,
    strideB,
    M,
    N,
    K,
    transA ? 1 : 0,
    transB ? 1 : 0,
    g.mb,
    g.nb,
  ]);
}

export function matmul(
  s: WasmStorage,
  { a, b, transposeA, transposeB, out }: KernelArgs['matmul'],
): DataHandle {
  const A = s.get(a.handle);
  const B = s.get(b.handle);
  const [batch, M, N] = out.shape;
  const K = transposeA ? a.shape[1] : a.shape[2];
  const o = s.alloc('matmul', out.dtype, batch * M * N);
  s.guard('matmul', [o], () => {
    const strideA = a.shape[0] === 1 ? 0 : M * K;
    const strideB = b.shape[0] === 1 ? 0 : K * N;
    gemm(s, out.dtype === 'float64', A, B, o, null, batch, strideA, strideB, M, N, K, transposeA, transposeB);
  });
  return o;
}

/** out = x · weightᵀ + bias: the GEMM reads the weight transposed in place and adds the bias on the last slice. */
export function linear(s: WasmStorage, { x, weight, bias, out }: KernelArgs['linear']): DataHandle {
  const X = s.get(x.handle);
  const W = s.get(weight.handle);
  const Bi = bias ? s.get(bias.handle) : null;
  const M = x.shape[0];
  const K = x.shape[1];
  const N = weight.shape[0];
  const o = s.alloc('linear', out.dtype, M * N);
  s.guard('linear', [o], () => {
    gemm(s, out.dtype === 'float64', X, W, o, Bi, 1, 0, 0, M, N, K, false, true);
  });
  return o;
}
