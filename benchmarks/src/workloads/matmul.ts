/**
 * Square float32 matmul in any transpose combination (A·B, A·Bᵀ, Aᵀ·B, Aᵀ·Bᵀ; the
 * transposes are flags, never materialised), read back: 2n³ floating-point operations.
 */
import { matmul, type Tensor, tensor } from '@polygrad/core';
import { seededUniform } from '../types.js';
import { readBack, readsSync, type Tfjs, type Workload, type WorkloadSpec } from './workload.js';

/** The inputs, identical for every implementation. */
export function matmulData(n: number): { A: Float32Array; B: Float32Array } {
  return { A: seededUniform(n * n, 1000 + n), B: seededUniform(n * n, 2000 + n) };
}

/** Which operands are read transposed. `true`/`false` alone means `transposeB` (A·Bᵀ / A·B). */
export type MatmulTranspose = boolean | { readonly transposeA?: boolean; readonly transposeB?: boolean };

function flags(t: MatmulTranspose): { transposeA: boolean; transposeB: boolean } {
  return typeof t === 'boolean'
    ? { transposeA: false, transposeB: t }
    : { transposeA: t.transposeA ?? false, transposeB: t.transposeB ?? false };
}

export interface PolygradMatmul extends Workload {
  readonly a: Tensor;
  readonly b: Tensor;
}

export function polygradMatmul(backend: string, n: number, transpose: MatmulTranspose): PolygradMatmul {
  const { transposeA, transposeB } = flags(transpose);
  const { A, B } = matmulData(n);
  const a = tensor(A, { shape: [n, n], dtype: 'float32', backend });
  const b = tensor(B, { shape: [n, n], dtype: 'float32', backend });
  const result = async (): Promise<Float32Array> => {
    const c = matmul(a, b, { transposeA, transposeB });
    try {
      return await readBack(c);
    } finally {
      c.dispose();
    }
  };
  const run = readsSync(a)
    ? (): void => {
        const c = matmul(a, b, { transposeA, transposeB });
        c.dataSync();
        c.dispose();
      }
    : async (): Promise<void> => {
        await result();
      };
  return {
    a,
    b,
    run,
    result,
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}

export function tfjsMatmul(tf: Tfjs, n: number, transpose: MatmulTranspose): Workload {
  const { transposeA, transposeB } = flags(transpose);
  const { A, B } = matmulData(n);
  const ta = tf.tensor2d(A, [n, n], 'float32');
  const tb = tf.tensor2d(B, [n, n], 'float32');
  const once = (): Float32Array => {
    const c = tf.matMul(ta, tb, transposeA, transposeB);
    const v = c.dataSync() as Float32Array;
    c.dispose();
    return v;
  };
  return {
    run: () => {
      once();
    },
    result: async () => once(),
    dispose: () => {
      ta.dispose();
      tb.dispose();
    },
  };
}

/**
 * Ids `matmul-<n>`, `-bt` (A·Bᵀ), `-at` (Aᵀ·B), `-atbt` (Aᵀ·Bᵀ); labels `matmul <n> A·B`, … .
 * The inputs are the same n×n matrices in every combination.
 */
export function matmulWorkload(n: number, transpose: MatmulTranspose = false): WorkloadSpec {
  const { transposeA, transposeB } = flags(transpose);
  const suffix = `${transposeA ? 'at' : ''}${transposeB ? 'bt' : ''}`;
  return {
    id: `matmul-${n}${suffix ? `-${suffix}` : ''}`,
    suite: 'matmul',
    label: `matmul ${n} ${transposeA ? 'Aᵀ' : 'A'}·${transposeB ? 'Bᵀ' : 'B'}`,
    flop: 2 * n * n * n,
    unit: 'ms',
    polygrad: (backend) => polygradMatmul(backend, n, { transposeA, transposeB }),
    tfjs: (tf) => tfjsMatmul(tf, n, { transposeA, transposeB }),
  };
}
