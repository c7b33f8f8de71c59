/**
 * Small-op dispatch overhead: add two 16-element float32 tensors through the
 * public op and dispose the result. With 16 elements the arithmetic is ~nothing,
 * so this is the per-op cost a training loop of small ops pays.
 */
import { add, type Tensor, tensor } from '@polygrad/core';
import { seededUniform } from '../types.js';
import type { Tfjs, Workload, WorkloadSpec } from './workload.js';
import { readBack } from './workload.js';

export const SMALL_OP_SIZE = 16;

export function smallOpData(): { A: Float32Array; B: Float32Array } {
  return { A: seededUniform(SMALL_OP_SIZE, 11), B: seededUniform(SMALL_OP_SIZE, 12) };
}

export interface PolygradSmallOp extends Workload {
  readonly a: Tensor;
  readonly b: Tensor;
}

export function polygradSmallOp(backend: string): PolygradSmallOp {
  const { A, B } = smallOpData();
  const a = tensor(A, { shape: [SMALL_OP_SIZE], dtype: 'float32', backend });
  const b = tensor(B, { shape: [SMALL_OP_SIZE], dtype: 'float32', backend });
  return {
    a,
    b,
    run: () => add(a, b).dispose(),
    result: async () => {
      const c = add(a, b);
      try {
        return await readBack(c);
      } finally {
        c.dispose();
      }
    },
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}

export interface TfjsSmallOp extends Workload {
  readonly a: ReturnType<Tfjs['tensor1d']>;
  readonly b: ReturnType<Tfjs['tensor1d']>;
}

export function tfjsSmallOp(tf: Tfjs): TfjsSmallOp {
  const { A, B } = smallOpData();
  const a = tf.tensor1d(A, 'float32');
  const b = tf.tensor1d(B, 'float32');
  return {
    a,
    b,
    run: () => tf.add(a, b).dispose(),
    result: async () => {
      const c = tf.add(a, b);
      const v = c.dataSync() as Float32Array;
      c.dispose();
      return v;
    },
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}

export function smallOpWorkload(): WorkloadSpec {
  return {
    id: 'small-op-add-16',
    suite: 'small-op',
    label: `add ${SMALL_OP_SIZE} float32 + dispose`,
    unit: 'µs',
    polygrad: polygradSmallOp,
    tfjs: tfjsSmallOp,
  };
}
