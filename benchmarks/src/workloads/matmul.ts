/** Square float32 matmul A·B or A·Bᵀ, read back: 2n³ floating-point operations. */
import { matmul, type Tensor, tensor } from '@polygrad/core';
import { seededUniform } from '../types.js';
import { readBack, readsSync, type Tfjs, type Workload, type WorkloadSpec } from './workload.js';

/** The inputs, identical for every implementation. */
export function matmulData(n: number): { A: Float32Array; B: Float32Array } {
  return { A: seededUniform(n * n, 1000 + n), B: seededUniform(n * n, 2000 + n) };
}

export interface PolygradMatmul extends Workload {
  readonly a: Tensor;
  readonly b: Tensor;
}

export function polygradMatmul(backend: string, n: number, transposeB: boolean): PolygradMatmul {
  const { A, B } = matmulData(n);
  const a = tensor(A, { shape: [n, n], dtype: 'float32', backend });
  const b = tensor(B, { shape: [n, n], dtype: 'float32', backend });
  const result = async (): Promise<Float32Array> => {
    const c = matmul(a, b, { transposeB });
    try {
      return await readBack(c);
    } finally {
      c.dispose();
    }
  };
  const run = readsSync(a)
    ? (): void => {
        const c = matmul(a, b, { transposeB });
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

export function tfjsMatmul(tf: Tfjs, n: number, transposeB: boolean): Workload {
  const { A, B } = matmulData(n);
  const ta = tf.tensor2d(A, [n, n], 'float32');
  const tb = tf.tensor2d(B, [n, n], 'float32');
  const once = (): Float32Array => {
    const c = tf.matMul(ta, tb, false, transposeB);
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

export function matmulWorkload(n: number, transposeB: boolean): WorkloadSpec {
  return {
    id: `matmul-${n}${transposeB ? '-bt' : ''}`,
    suite: 'matmul',
    label: `matmul ${n} ${transposeB ? 'A·Bᵀ' : 'A·B'}`,
    flop: 2 * n * n * n,
    unit: 'ms',
    polygrad: (backend) => polygradMatmul(backend, n, transposeB),
    tfjs: (tf) => tfjsMatmul(tf, n, transposeB),
  };
}
