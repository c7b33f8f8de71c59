/** Memory: every kernel's workload (forward and backward), run under tidy, leaves core and backend counts unchanged. */
import * as pg from '@polygrad/core';
import { KERNEL_NAMES, type KernelName, type Tensor } from '@polygrad/core';
import type { CaseContext, ConformanceCase } from '../types.js';
import { bool, defineCase } from './util.js';

type Work = (ctx: CaseContext) => void;

const leaf = (ctx: CaseContext, shape: number[], seed = 1): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  const t = ctx.tensor(
    Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + seed) * 2),
    shape,
  );
  t.requiresGrad = true;
  return t;
};
const labels = (ctx: CaseContext): Tensor => ctx.tensor([0, 2, 1], [3], 'int32');

/** A workload per kernel that runs it (and its gradient, if it has one). */
export const LEAK_WORKLOADS: Record<KernelName, Work> = {
  unary: (c) => pg.sum(pg.exp(pg.sin(leaf(c, [3, 4])))).backward(),
  binary: (c) => pg.sum(pg.div(pg.mul(leaf(c, [3, 4]), leaf(c, [4], 2)), 3)).backward(),
  compare: (c) => void pg.logicalAnd(pg.greater(leaf(c, [3, 4]), 0), pg.lessEqual(leaf(c, [4]), 0.5)),
  select: (c) => pg.sum(pg.where(pg.greater(leaf(c, [3, 4]), 0), leaf(c, [3, 4], 2), 1)).backward(),
  reduce: (c) =>
    pg.add(pg.sum(pg.max(leaf(c, [3, 4]), 1)), pg.sum(pg.prod(leaf(c, [3, 4], 3), 0))).backward(),
  argReduce: (c) => void pg.argmax(leaf(c, [3, 4]), 1),
  matmul: (c) => pg.sum(pg.matmul(leaf(c, [2, 3, 4]), leaf(c, [5, 4], 2), { transposeB: true })).backward(),
  transpose: (c) => pg.sum(pg.mul(pg.transpose(leaf(c, [2, 3, 4]), [2, 0, 1]), 2)).backward(),
  slice: (c) => pg.sum(pg.slice(leaf(c, [3, 4]), [1, 1], [2, 2])).backward(),
  pad: (c) =>
    pg
      .sum(
        pg.pad(leaf(c, [3, 4]), [
          [1, 0],
          [0, 2],
        ]),
      )
      .backward(),
  concat: (c) => pg.sum(pg.concat([leaf(c, [3, 4]), leaf(c, [3, 2], 2)], 1)).backward(),
  expand: (c) => pg.sum(pg.mul(pg.expand(leaf(c, [3, 1]), [2, 3, 4]), 2)).backward(),
  gather: (c) => pg.sum(pg.gather(leaf(c, [4, 3]), labels(c), 0)).backward(),
  scatterAdd: (c) => pg.sum(pg.gather(leaf(c, [3, 4]), ctx2d(c), 1)).backward(),
  cast: (c) => {
    pg.cast(leaf(c, [3, 4]), 'int32');
    pg.sum(pg.cast(pg.cast(leaf(c, [3, 4]), 'bool'), c.dtype)).dispose();
  },
  fill: (c) => void pg.full([3, 4], 2, { dtype: c.dtype, backend: c.backendName }),
  range: (c) => void pg.arange(0, 10, 1, { dtype: c.dtype, backend: c.backendName }),
  random: (c) => {
    pg.rand([3, 4], { seed: 1, dtype: c.dtype, backend: c.backendName });
    pg.randint(0, 5, [6], { seed: 2, backend: c.backendName });
  },
  linear: (c) => pg.sum(pg.linear(leaf(c, [3, 4]), leaf(c, [2, 4], 2), leaf(c, [2], 3))).backward(),
  activationBackward: (c) =>
    pg.sum(pg.add(pg.relu(leaf(c, [3, 4])), pg.sigmoid(leaf(c, [3, 4], 2)))).backward(),
  softmax: (c) => pg.sum(pg.mul(pg.softmax(leaf(c, [3, 4])), leaf(c, [3, 4], 2))).backward(),
  softmaxBackward: (c) => pg.sum(pg.mul(pg.logSoftmax(leaf(c, [3, 4]), 0), 2)).backward(),
  crossEntropy: (c) => void pg.softmaxCrossEntropy(leaf(c, [3, 4]), labels(c)),
  crossEntropyBackward: (c) => pg.sum(pg.softmaxCrossEntropy(leaf(c, [3, 4]), labels(c))).backward(),
  dropout: (c) => pg.sum(pg.dropout(leaf(c, [3, 4]), 0.5, { seed: 3 })).backward(),
  sgdUpdate: () => undefined,
  adamUpdate: () => undefined,
};

function ctx2d(c: CaseContext): Tensor {
  return c.tensor([0, 3, 3, 1], [2, 2], 'int32');
}

interface Snapshot {
  tensors: number;
  bytes: number;
  buffers: number;
  backendBuffers: number;
  backendBytes: number;
}

function snapshot(ctx: CaseContext): Snapshot {
  const m = pg.memory().backends[ctx.backendName] ?? { tensors: 0, bytes: 0, buffers: 0 };
  const b = ctx.backend.memory();
  return {
    tensors: m.tensors,
    bytes: m.bytes,
    buffers: m.buffers,
    backendBuffers: b.buffers,
    backendBytes: b.bytes,
  };
}

/** Optimizer updates work on long-lived state: create it first, then measure the step itself. */
function optimizerStep(
  kernel: 'sgdUpdate' | 'adamUpdate',
  ctx: CaseContext,
  measure: (step: () => void) => void,
): void {
  const p = ctx.tensor([1, -2, 3, 0.5], [4]);
  const g = ctx.tensor([0.1, 0.2, -0.3, 0.4], [4]);
  const s1 = ctx.tensor([0, 0, 0, 0], [4]);
  const s2 = ctx.tensor([0, 0, 0, 0], [4]);
  try {
    measure(() => {
      if (kernel === 'sgdUpdate') pg.sgdUpdate(p, g, s1, { lr: 0.1, momentum: 0.9, weightDecay: 0.01 });
      else pg.adamUpdate(p, g, s1, s2, { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1 });
    });
  } finally {
    pg.dispose([p, g, s1, s2]);
  }
}

export function leakCases(): ConformanceCase[] {
  return KERNEL_NAMES.map((kernel) =>
    defineCase(`leak/${kernel}`, kernel, 'leak', (ctx) => {
      let before: Snapshot | null = null;
      let after: Snapshot | null = null;
      const measure = (work: () => void) => {
        work(); // warm-up (lazy caches, first-use allocations)
        before = snapshot(ctx);
        pg.tidy(work);
        pg.tidy(work);
        after = snapshot(ctx);
      };
      if (kernel === 'sgdUpdate' || kernel === 'adamUpdate') optimizerStep(kernel, ctx, measure);
      else measure(() => pg.tidy(() => LEAK_WORKLOADS[kernel](ctx)));
      const b = before as Snapshot | null;
      const a = after as Snapshot | null;
      if (!b || !a) return [bool('measured', false, 'the workload did not run')];
      const diff = (Object.keys(b) as (keyof Snapshot)[]).filter((k) => b[k] !== a[k]);
      return [
        bool(
          `${kernel} workload leaves memory unchanged`,
          diff.length === 0,
          `memory changed across two tidy'd runs: ${diff.map((k) => `${k} ${b[k]} → ${a[k]}`).join(', ')}`,
        ),
      ];
    }),
  );
}
