/**
 * The size tier's tolerances are not tighter than honest float32 arithmetic:
 * a backend whose matmul accumulates in float32 one term at a time, and whose
 * sums accumulate in float32 in blocks of 256 terms (what a GPU workgroup or a
 * chunked SIMD loop does), passes every size and decision case in float32.
 * The CPU backend accumulates in float64, so it alone would not show this.
 *
 * One float32 accumulator over a whole long sum is NOT enough: over many equal
 * terms its roundings do not cancel (tfjs-wasm's Sum did this; a normaliser's
 * variance over MNIST came out 0.33% low), and the suite's same-sign case
 * fails such a backend — shown below, so that case cannot silently pass it.
 */
import type { Backend, BackendKernels, DataHandle, KernelArgs, TypedArray } from '@polygrad/core';
import { sizeOf, stridesOf } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { registerToyBackend } from './toy-backend.js';

const f = Math.fround;

/** op(A)·op(B) with a float32 running sum (batches as the kernel contract gives them: 1 or B each). */
function matmulFloat32(A: TypedArray, B: TypedArray, args: KernelArgs['matmul']): Float32Array {
  const { a, transposeA, transposeB, out } = args;
  const r = out.shape.length;
  const M = r >= 2 ? out.shape[r - 2] : 1;
  const N = out.shape[r - 1];
  const K = transposeA ? a.shape[a.shape.length - 2] : a.shape[a.shape.length - 1];
  const batch = M * N === 0 ? 0 : sizeOf(out.shape) / (M * N);
  const O = new Float32Array(batch * M * N);
  const aStep = A.length > M * K ? M * K : 0;
  const bStep = B.length > K * N ? K * N : 0;
  for (let bt = 0; bt < batch; bt++)
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let p = 0; p < K; p++) {
          const av = A[bt * aStep + (transposeA ? p * M + i : i * K + p)];
          const bv = B[bt * bStep + (transposeB ? j * K + p : p * N + j)];
          s = f(s + f(av * bv));
        }
        O[(bt * M + i) * N + j] = s;
      }
  return O;
}

/**
 * Sum over `axes` with float32 running sums per output element, in input order:
 * term by term into one accumulator (`block` Infinity), or into a block sum
 * added to the total every `block` terms.
 */
function sumFloat32(X: TypedArray, args: KernelArgs['reduce'], block: number): Float32Array {
  const shape = args.x.shape;
  const kept = shape.map((d, i) => (args.axes.includes(i) ? 1 : d));
  const outStrides = stridesOf(kept);
  const strides = stridesOf(shape);
  const O = new Float32Array(sizeOf(kept));
  const partial = new Float32Array(O.length);
  const count = new Float64Array(O.length);
  for (let i = 0; i < X.length; i++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) {
      if (!args.axes.includes(d)) o += (Math.floor(i / strides[d]) % shape[d]) * outStrides[d];
    }
    partial[o] = f(partial[o] + X[i]);
    if (++count[o] % block === 0) {
      O[o] = f(O[o] + partial[o]);
      partial[o] = 0;
    }
  }
  for (let o = 0; o < O.length; o++) O[o] = f(O[o] + partial[o]);
  return O;
}

function registerFloat32Accumulating(name: string, sumBlock: number): void {
  registerToyBackend(name, {
    override: (cpu: BackendKernels, backend: Backend) => {
      const read = (h: DataHandle) => backend.readSync!(h);
      return {
        matmul: (args) =>
          args.out.dtype === 'float32'
            ? backend.upload(matmulFloat32(read(args.a.handle), read(args.b.handle), args), 'float32')
            : cpu.matmul(args),
        reduce: (args) =>
          args.op === 'sum' && args.out.dtype === 'float32'
            ? backend.upload(sumFloat32(read(args.x.handle), args, sumBlock), 'float32')
            : cpu.reduce(args),
      };
    },
  });
}
registerFloat32Accumulating('float32-accumulating', 256);
registerFloat32Accumulating('float32-one-accumulator', Number.POSITIVE_INFINITY);

describe('a backend that accumulates in float32', () => {
  it('passes the size tier and the decision cases in float32 (sums in blocks of 256)', async () => {
    const r = await runConformance('float32-accumulating', {
      dtype: 'float32',
      categories: ['size', 'decision'],
    });
    const failures = r.results.filter((x) => !x.passed).map((x) => x.message);
    expect(failures).toEqual([]);
    expect(r.summary.passed).toBeGreaterThan(100);
  }, 120_000);

  it('fails the long same-sign sums with one accumulator per sum, and only those', async () => {
    const r = await runConformance('float32-one-accumulator', {
      dtype: 'float32',
      categories: ['size', 'decision'],
    });
    const failed = r.results.filter((x) => !x.passed).map((x) => x.name);
    expect(failed).toEqual(['size/reduce/sum-mean-same-sign']);
  }, 120_000);
});
