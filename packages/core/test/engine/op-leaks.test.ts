import '@polygrad/backend-cpu';
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/index.js';
import * as pg from '../../src/index.js';

// Outside any tidy scope, an op that needs no graph must leave exactly its result alive.
const x = pg.randn([3, 4], { seed: 1 });
const v = pg.randn([4], { seed: 2 });
const idx = pg.tensor([2, 0, 1], { dtype: 'int32' });
const batch = pg.randn([2, 3, 4], { seed: 3 });
const rhs = pg.randn([4, 5], { seed: 4 });
const w = pg.randn([2, 4], { seed: 5 });
const s = pg.scalar(3);
const positive = pg.greater(x, 0);
const cases: Record<string, () => Tensor> = {
  add: () => pg.add(x, 1),
  divInt: () => pg.div(idx, 2),
  mean: () => pg.mean(x, 1),
  meanKeep: () => pg.mean(x, [0, 1], true),
  logsumexp: () => pg.logsumexp(x, 1),
  max: () => pg.max(x, 0),
  argmaxFlat: () => pg.argmax(x),
  matmulVec: () => pg.matmul(x, v),
  matmulBatched: () => pg.matmul(batch, rhs),
  stack: () => pg.stack([x, x], 1),
  oneHot: () => pg.oneHot(idx, 4),
  softmaxScalar: () => pg.softmax(s),
  softmax: () => pg.softmax(x, 0),
  crossEntropy: () => pg.softmaxCrossEntropy(x, idx),
  linear: () => pg.linear(x, w),
  dropout: () => pg.dropout(x, 0.5, { seed: 1 }),
  where: () => pg.where(positive, 1, 0),
  expand: () => pg.expand(v, [3, 4]),
  transpose: () => pg.transpose(x),
  concat: () => pg.concat([x, x], 0),
  pad: () =>
    pg.pad(x, [
      [1, 0],
      [0, 2],
    ]),
  gather: () => pg.gather(x, idx, 0),
  randint: () => pg.randint(0, 5, [3]),
};

describe('ops leak nothing outside tidy when no gradient is needed', () => {
  for (const [name, op] of Object.entries(cases)) {
    it(name, () => {
      // Warm-up creates nothing lasting; then count.
      const before = pg.memory();
      const out = op();
      const during = pg.memory().tensors - before.tensors;
      out.dispose();
      const after = pg.memory();
      expect(after.tensors, `${name}: ${during} tensors alive with its result`).toBe(before.tensors);
      expect(after.bytes).toBe(before.bytes);
    });
  }
});
