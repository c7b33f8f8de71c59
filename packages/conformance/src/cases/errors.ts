/** Bad input throws the same typed error on every backend (validation lives in core, before any kernel runs). */
import * as pg from '@polygrad/core';
import {
  ArgumentError,
  AxisError,
  type Backend,
  BackendError,
  type DataHandle,
  DisposedError,
  DTypeError,
  GradError,
  type KernelName,
  ShapeError,
} from '@polygrad/core';
import type { CaseContext, Check, ConformanceCase } from '../types.js';
import { bool, defineCase, throwsCheck } from './util.js';

/**
 * The backend under test under another name: every member delegates to it
 * (bound, so class-based backends work too). It has no `dispose`, so removing
 * the peer leaves the backend under test intact.
 */
function peerOf(b: Backend, name: string): Backend {
  return {
    name,
    dtypes: b.dtypes,
    precision: b.precision,
    deviceInfo: () => b.deviceInfo(),
    upload: (values, dtype) => b.upload(values, dtype),
    read: (handle) => b.read(handle),
    ...(b.readSync
      ? { readSync: (handle: DataHandle) => (b.readSync as NonNullable<Backend['readSync']>)(handle) }
      : {}),
    free: (handle) => b.free(handle),
    memory: () => b.memory(),
    kernels: b.kernels,
  };
}

type ErrorClass = abstract new (...args: never[]) => Error;

function errorCase(
  name: string,
  kernel: KernelName,
  cls: ErrorClass,
  fn: (ctx: CaseContext) => unknown,
): ConformanceCase {
  return defineCase(`errors/${name}`, kernel, 'errors', (ctx) => {
    const before = pg.memory().backends[ctx.backendName]?.tensors ?? 0;
    const check = throwsCheck(name, () => pg.tidy(() => void fn(ctx)), cls);
    const after = pg.memory().backends[ctx.backendName]?.tensors ?? 0;
    return [
      check,
      bool(
        `${name}: nothing leaks when the op throws`,
        before === after,
        `live tensors ${before} → ${after}`,
      ),
    ];
  });
}

const m = (ctx: CaseContext, shape: number[], dtype?: pg.DType) =>
  ctx.tensor(new Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape, dtype);

export function errorCases(): ConformanceCase[] {
  return [
    errorCase('shape/broadcast-mismatch', 'binary', ShapeError, (c) => pg.add(m(c, [2, 3]), m(c, [4]))),
    errorCase('shape/compare-broadcast-mismatch', 'compare', ShapeError, (c) =>
      pg.less(m(c, [2, 3]), m(c, [2])),
    ),
    errorCase('shape/where-broadcast-mismatch', 'select', ShapeError, (c) =>
      pg.where(m(c, [3], 'bool'), m(c, [2]), m(c, [3])),
    ),
    errorCase('shape/matmul-inner-dims', 'matmul', ShapeError, (c) => pg.matmul(m(c, [2, 3]), m(c, [4, 5]))),
    errorCase('shape/matmul-transposed-inner-dims', 'matmul', ShapeError, (c) =>
      pg.matmul(m(c, [2, 3]), m(c, [2, 3]), { transposeA: true, transposeB: true }),
    ),
    errorCase('shape/concat-mismatch', 'concat', ShapeError, (c) =>
      pg.concat([m(c, [2, 3]), m(c, [3, 3])], 1),
    ),
    errorCase('shape/expand-incompatible', 'expand', ShapeError, (c) => pg.expand(m(c, [3, 2]), [3, 4])),
    errorCase('shape/slice-out-of-bounds', 'slice', ShapeError, (c) =>
      pg.slice(m(c, [3, 4]), [2, 0], [2, 4]),
    ),
    errorCase('shape/linear-weight', 'linear', ShapeError, (c) => pg.linear(m(c, [2, 3]), m(c, [4, 2]))),
    errorCase('shape/cross-entropy-labels', 'crossEntropy', ShapeError, (c) =>
      pg.softmaxCrossEntropy(m(c, [2, 3]), m(c, [3], 'int32')),
    ),
    errorCase('shape/sgd-grad-shape', 'sgdUpdate', ShapeError, (c) =>
      pg.sgdUpdate(m(c, [3]), m(c, [4]), null, { lr: 0.1 }),
    ),
    errorCase('dtype/logical-on-float', 'binary', DTypeError, (c) => pg.logicalAnd(m(c, [2]), m(c, [2]))),
    errorCase('dtype/gather-float-indices', 'gather', DTypeError, (c) =>
      pg.gather(m(c, [3, 2]), m(c, [2]), 0),
    ),
    errorCase('dtype/softmax-int32', 'softmax', DTypeError, (c) => pg.softmax(m(c, [2, 3], 'int32'))),
    errorCase('dtype/mean-int32', 'reduce', DTypeError, (c) => pg.mean(m(c, [2, 3], 'int32'))),
    errorCase('dtype/cross-entropy-float-labels', 'crossEntropyBackward', DTypeError, (c) =>
      pg.softmaxCrossEntropy(m(c, [2, 3]), m(c, [2])),
    ),
    errorCase('dtype/adam-int-param', 'adamUpdate', DTypeError, (c) =>
      pg.adamUpdate(m(c, [2], 'int32'), m(c, [2], 'int32'), m(c, [2], 'int32'), m(c, [2], 'int32'), {
        lr: 0.1,
        beta1: 0.9,
        beta2: 0.99,
        eps: 1e-8,
        step: 1,
      }),
    ),
    errorCase('dtype/requires-grad-int', 'cast', DTypeError, (c) =>
      pg.tensor([1, 2], { dtype: 'int32', requiresGrad: true, backend: c.backendName }),
    ),
    errorCase('axis/sum-out-of-range', 'reduce', AxisError, (c) => pg.sum(m(c, [2, 3]), 2)),
    errorCase('axis/argmax-out-of-range', 'argReduce', AxisError, (c) => pg.argmax(m(c, [2, 3]), -3)),
    errorCase('axis/transpose-bad-perm', 'transpose', AxisError, (c) =>
      pg.transpose(m(c, [2, 3, 4]), [0, 0, 1]),
    ),
    errorCase('axis/softmax-out-of-range', 'softmaxBackward', AxisError, (c) =>
      pg.logSoftmax(m(c, [2, 3]), 2),
    ),
    errorCase('axis/concat-out-of-range', 'concat', AxisError, (c) =>
      pg.concat([m(c, [2, 3]), m(c, [2, 3])], 2),
    ),
    errorCase('argument/dropout-p', 'dropout', ArgumentError, (c) => pg.dropout(m(c, [3]), 1.5)),
    errorCase('argument/pad-negative', 'pad', ArgumentError, (c) => pg.pad(m(c, [3]), [[-1, 0]])),
    errorCase('argument/arange-zero-step', 'range', ArgumentError, (c) =>
      pg.arange(0, 3, 0, { backend: c.backendName }),
    ),
    errorCase('shape/full-negative-dim', 'fill', ShapeError, (c) =>
      pg.full([2, -1], 0, { backend: c.backendName }),
    ),
    errorCase('dtype/rand-int32', 'random', DTypeError, (c) =>
      pg.rand([2], { dtype: 'int32', backend: c.backendName }),
    ),
    errorCase('disposed/unary-after-dispose', 'unary', DisposedError, (c) => {
      const t = m(c, [2]);
      t.dispose();
      return pg.exp(t);
    }),
    errorCase('disposed/binary-after-dispose', 'binary', DisposedError, (c) => {
      const t = m(c, [2]);
      t.dispose();
      return pg.add(m(c, [2]), t);
    }),
    errorCase('disposed/read-after-dispose', 'scatterAdd', DisposedError, (c) => {
      const t = m(c, [2]);
      t.dispose();
      return t.dataSync();
    }),
    errorCase('grad/non-scalar-backward', 'activationBackward', GradError, (c) => {
      const t = m(c, [2, 2]);
      t.requiresGrad = true;
      pg.relu(t).backward();
    }),
    errorCase('grad/no-graph', 'crossEntropy', GradError, (c) => pg.sum(m(c, [2])).backward()),
    defineCase('errors/backend/mixing-backends', 'binary', 'errors', async (ctx): Promise<Check[]> => {
      let other = ctx.otherBackends.find((name) => {
        try {
          pg.tensor([1], { backend: name, dtype: ctx.dtype }).dispose();
          return true;
        } catch {
          return false;
        }
      });
      // Alone: register a temporary peer under another name, removed afterwards, so the case always runs.
      const peer = other ? null : `${ctx.backendName}-conformance-peer`;
      if (peer) {
        const peerBackend = peerOf(ctx.backend, peer);
        pg.registerBackend(peer, () => peerBackend, { priority: -1000 });
        await pg.initBackend(peer);
        other = peer;
      }
      const o = other as string;
      try {
        return [
          throwsCheck(
            `add(${ctx.backendName}, ${o})`,
            () =>
              pg.tidy(() =>
                pg.add(ctx.tensor([1, 2], [2]), pg.tensor([1, 2], { backend: o, dtype: ctx.dtype })),
              ),
            BackendError,
          ),
          throwsCheck(
            `matmul(${o}, ${ctx.backendName})`,
            () =>
              pg.tidy(() => pg.matmul(pg.tensor([[1]], { backend: o }), ctx.tensor([1], [1, 1], 'float32'))),
            BackendError,
          ),
        ];
      } finally {
        if (peer) pg.removeBackend(peer);
      }
    }),
  ];
}
