/**
 * Size tier, softmax family: softmax and log-softmax along rows and columns of
 * 1031, cross-entropy over 1009 classes, and their gradients. Small cases
 * never have a row longer than 6.
 *
 * Softmax outputs of a 1031-long row are ~1e-3, and their rounding error is
 * relative to themselves (exp(x − max)/Σ): they are judged with per-element
 * error scales y_i · max(1, S_row) (see tolerance.ts), so a relative error of
 * 1e-3 fails instead of hiding under the absolute tolerance rtol · S.
 */
import * as pg from '@polygrad/core';
import { integers, uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { NDArray } from '../reference/ndarray.js';
import type { ConformanceCase } from '../types.js';
import { defineCase, evaluate, gradientChecks, memo, numeric, up } from './util.js';

const LAYOUTS = [
  { name: 'rows', shape: [7, 1031], axis: 1 },
  { name: 'columns', shape: [1031, 5], axis: 0 },
] as const;

/** For each element of a 2-D `x`, the largest |x| along `axis` (its softmax row), at least 1. */
function lineMagnitude(x: NDArray, axis: 0 | 1): Float64Array {
  const [r, c] = x.shape;
  const lines = axis === 1 ? r : c;
  const len = axis === 1 ? c : r;
  const at = (line: number, j: number) => (axis === 1 ? line * c + j : j * c + line);
  const out = new Float64Array(x.data.length);
  for (let line = 0; line < lines; line++) {
    let m = 1;
    for (let j = 0; j < len; j++) m = Math.max(m, Math.abs(x.data[at(line, j)]));
    for (let j = 0; j < len; j++) out[at(line, j)] = m;
  }
  return out;
}

/** Error scales of softmax outputs: y_i · max(1, S_line). */
const softmaxScale = (x: NDArray, y: NDArray, axis: 0 | 1): Float64Array =>
  lineMagnitude(x, axis).map((s, i) => s * y.data[i]);

export function sizeRowCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const { name, shape, axis } of LAYOUTS) {
    const k = shape[axis];
    cases.push(
      defineCase(`size/softmax/${name}-of-${k}`, 'softmax', 'size', async (ctx) => {
        const x = uniform(shape, -4, 4, 341, ctx.dtype);
        const [s, l] = await evaluate(ctx, () => [
          pg.softmax(up(ctx, x), axis),
          pg.logSoftmax(up(ctx, x), axis),
        ]);
        const [es, el] = memo(`size/softmax/${name}/${ctx.dtype}`, () => [
          ref.softmax(x, axis),
          ref.logSoftmax(x, axis),
        ]);
        return [
          numeric(`softmax along ${name} of ${k}`, s, es, ctx.dtype, { k, scale: softmaxScale(x, es, axis) }),
          numeric(`logSoftmax along ${name} of ${k}`, l, el, ctx.dtype, { k, inputs: [x] }),
        ];
      }),
      defineCase(`size/softmaxBackward/softmax-${name}-of-${k}`, 'softmaxBackward', 'size', (ctx) => {
        const x = uniform(shape, -4, 4, 342, ctx.dtype);
        const y = () =>
          memo(`size/softmaxBackward/softmax/${name}/y/${ctx.dtype}`, () => ref.softmax(x, axis));
        return gradientChecks(ctx, {
          label: `softmax along ${name} of ${k}, gradient`,
          inputs: [x],
          fn: ([t]) => pg.softmax(t, axis),
          forward: () => y(),
          vjp: (dy) => [ref.softmaxBackward(y(), dy, axis)],
          k,
          noFiniteDifferences: true,
          // dx_i = y_i (dy_i − Σ dy·y): relative to y_i, with the cancellation inside bounded by |dy_i| + |Σ dy·y|.
          scale: (dy) => {
            const yv = y();
            const sums = ref.reduce(
              'sum',
              { shape: yv.shape, data: yv.data.map((v, i) => v * dy.data[i]) },
              [axis],
              true,
            );
            const line = lineMagnitude(x, axis);
            const [, c] = shape;
            const sumAt = (i: number) => sums.data[axis === 1 ? Math.floor(i / c) : i % c];
            return {
              forward: softmaxScale(x, yv, axis),
              grads: [yv.data.map((v, i) => v * line[i] * (Math.abs(dy.data[i]) + Math.abs(sumAt(i))))],
            };
          },
        });
      }),
      defineCase(`size/softmaxBackward/logSoftmax-${name}-of-${k}`, 'softmaxBackward', 'size', (ctx) =>
        gradientChecks(ctx, {
          label: `logSoftmax along ${name} of ${k}, gradient`,
          inputs: [uniform(shape, -4, 4, 343, ctx.dtype)],
          fn: ([t]) => pg.logSoftmax(t, axis),
          forward: ([t]) => ref.logSoftmax(t, axis),
          vjp: (dy, [t]) => [ref.logSoftmaxBackward(ref.logSoftmax(t, axis), dy, axis)],
          k,
          noFiniteDifferences: true,
        }),
      ),
    );
  }
  const [rows, classes] = [13, 1009];
  const labels = integers([rows], 0, classes, 344);
  cases.push(
    defineCase(`size/crossEntropy/${classes}-classes`, 'crossEntropy', 'size', async (ctx) => {
      const x = uniform([rows, classes], -4, 4, 345, ctx.dtype);
      const [y] = await evaluate(ctx, () => pg.softmaxCrossEntropy(up(ctx, x), up(ctx, labels, 'int32')));
      return [
        numeric(`cross-entropy over ${classes} classes`, y, ref.crossEntropy(x, labels), ctx.dtype, {
          k: classes,
          inputs: [x],
        }),
      ];
    }),
    defineCase(`size/crossEntropyBackward/${classes}-classes`, 'crossEntropyBackward', 'size', (ctx) => {
      const x = uniform([rows, classes], -4, 4, 346, ctx.dtype);
      return gradientChecks(ctx, {
        label: `cross-entropy over ${classes} classes, gradient`,
        inputs: [x],
        fn: ([t], c) => pg.softmaxCrossEntropy(t, c.tensor(labels.data, labels.shape, 'int32')),
        forward: () => ref.crossEntropy(x, labels),
        vjp: (dy) => [ref.crossEntropyBackward(x, labels, dy)],
        k: classes,
        noFiniteDifferences: true,
        // (p − onehot)·dloss: p_i ~ 1e-3 is relative-accurate; the label entry p − 1 is ~1.
        scale: (dy) => {
          const p = ref.softmax(x, 1);
          const line = lineMagnitude(x, 1);
          return {
            grads: [
              p.data.map((v, i) => {
                const r = Math.floor(i / classes);
                const onehot = labels.data[r] === i % classes ? 1 : 0;
                return Math.abs(dy.data[r]) * (v * line[i] + onehot);
              }),
            ],
          };
        },
      });
    }),
  );
  return cases;
}
