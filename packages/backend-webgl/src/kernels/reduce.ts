/**
 * Reductions. Each output element loops over its reduced elements; a
 * reduction longer than REDUCE_CHUNK is split into passes (partial results
 * per chunk, then a reduction of the partials), because llvmpipe runs at most
 * 65,535 loop iterations per fragment and a long serial loop has no
 * parallelism.
 */
import type { DType, KernelArgs, ReduceOp } from '@polygrad/core';
import { collapse, sizeOf, stridesOf } from '@polygrad/core';
import { blockedSum, decode, lit, offsetExpr } from '../codegen.js';
import type { GLDevice, GLHandle, KernelSpec } from '../device.js';
import { mapKernel } from './map.js';

export const REDUCE_CHUNK = 4096;

function identity(op: ReduceOp, dtype: DType): number {
  switch (op) {
    case 'sum':
      return 0;
    case 'prod':
      return 1;
    case 'max':
      return dtype === 'int32' ? -2147483648 : dtype === 'bool' ? 0 : Number.NEGATIVE_INFINITY;
    case 'min':
      return dtype === 'int32' ? 2147483647 : dtype === 'bool' ? 1 : Number.POSITIVE_INFINITY;
  }
}

function accumulate(op: ReduceOp): string {
  switch (op) {
    case 'sum':
      return 'acc = acc + v;';
    case 'prod':
      return 'acc = acc * v;';
    case 'max':
      return 'if (v > acc || v != v) { acc = v; }';
    case 'min':
      return 'if (v < acc || v != v) { acc = v; }';
  }
}

/**
 * The loop combining n elements into `acc`: `load(i)` declares `v`, the
 * element at index expression `i`. Sums are blocked (see SUM_BLOCK).
 */
function combineLoop(op: ReduceOp, n: number, load: (i: string) => string): string {
  if (op === 'sum') return blockedSum(n, ['acc'], (i) => `${load(i)}\naccb = accb + v;`, 'ri');
  return `for (let rl = 0; rl < ${n}; rl++) {
  const ri = rl;
${load('ri')}
  ${accumulate(op)}
}
`;
}

function start(op: ReduceOp): string {
  return op === 'sum' ? '0.0' : op === 'prod' ? '1.0' : op === 'max' ? '(-inf)' : 'inf';
}

/**
 * A transform applied to each element before it is combined: `expr` names the
 * element as `$X` and a per-output value (from `aux`, one value per output
 * element) as `$AUX`, e.g. `Math.exp($X - $AUX)` for a softmax denominator.
 */
export interface Prelude {
  readonly expr: string;
  readonly aux: GLHandle;
}

/**
 * Reduce `h` viewed as a strided [kept..., reduced...] walk: output element o
 * (decoded over `kept`) combines `x[base(o) + off(r)]` for r over `red`.
 */
export function reducePass(
  dev: GLDevice,
  op: ReduceOp,
  h: GLHandle,
  kept: { shape: number[]; strides: number[] },
  red: { shape: number[]; strides: number[] },
  dtype: DType,
  pre: Prelude | null = null,
): GLHandle {
  const auxParam = pre ? [{ name: 'aux', type: 'ArrayTexture(1)' as const }] : [];
  const auxInput = pre ? [pre.aux] : [];
  const loadExpr = (o: string, off: string) =>
    pre
      ? pre.expr.replaceAll('$AUX', `pgFetch(aux, ${o})`).replaceAll('$X', `pgFetch(x, ${off})`)
      : `pgFetch(x, ${off})`;
  const preKey = pre ? `|pre:${pre.expr}` : '';
  const O = sizeOf(kept.shape);
  const R = sizeOf(red.shape);
  if (R > REDUCE_CHUNK) {
    // Pass 1: [O, P] partials over chunks of the (flattened) reduced index; pass 2 reduces them.
    const P = Math.ceil(R / REDUCE_CHUNK);
    const key = `reduce-chunks:${op}|${h.size}|${kept.shape}:${kept.strides}|${red.shape}:${red.strides}${preKey}`;
    const build = (): KernelSpec => ({
      params: [{ name: 'x', type: 'ArrayTexture(1)' }, ...auxParam],
      body: `const t = this.thread.x;
const o = Math.floor((t + 0.5) / ${lit(P)});
const p = t - o * ${lit(P)};
${decode('k', 'o', kept.shape)}const base = ${offsetExpr('k', kept.strides)};
let acc = ${start(op)};
${combineLoop(op, REDUCE_CHUNK, (i) => `const rr = p * ${lit(REDUCE_CHUNK)} + ${i};\nlet v = ${op === 'sum' ? '0.0' : op === 'prod' ? '1.0' : 'acc'};\nif (rr < ${lit(R)}) {\n${decode('r', 'rr', red.shape)}v = ${loadExpr('o', `base + ${offsetExpr('r', red.strides)}`)};\n}`)}return acc;`,
      texels: O * P,
    });
    const partial = dev.run(key, build, [h, ...auxInput], O * P, dtype);
    const next = reducePass(
      dev,
      op,
      partial,
      { shape: [O], strides: [P] },
      { shape: [P], strides: [1] },
      dtype,
    );
    dev.free(partial);
    return next;
  }
  const key = `reduce:${op}|${h.size}|${kept.shape}:${kept.strides}|${red.shape}:${red.strides}${preKey}`;
  const build = (): KernelSpec => ({
    params: [{ name: 'x', type: 'ArrayTexture(1)' }, ...auxParam],
    body: `const t = this.thread.x;
${decode('k', 't', kept.shape)}const base = ${offsetExpr('k', kept.strides)};
let acc = ${start(op)};
${combineLoop(op, R, (i) => `const rr = ${i};\n${decode('r', 'rr', red.shape)}const v = ${loadExpr('t', `base + ${offsetExpr('r', red.strides)}`)};`)}return acc;`,
    texels: O,
    loopMax: R,
  });
  return dev.run(key, build, [h, ...auxInput], O, dtype);
}

/** Reduce `h` viewed as [outer, len, inner] over the middle axis: [outer * inner] out. */
export function reduceAxis(
  dev: GLDevice,
  op: ReduceOp,
  h: GLHandle,
  outer: number,
  len: number,
  inner: number,
  dtype: DType,
  pre: Prelude | null = null,
): GLHandle {
  const kept = collapse(
    [outer, inner],
    [
      [inner, 1],
      [len * inner, 1],
    ],
  );
  return reducePass(
    dev,
    op,
    h,
    { shape: kept.shape, strides: kept.strides[1] },
    { shape: [len], strides: [inner] },
    dtype,
    pre,
  );
}

export function reduce(dev: GLDevice, { op, x, axes, out }: KernelArgs['reduce']): GLHandle {
  const O = sizeOf(out.shape);
  if (O === 0) return dev.wrap(null, 0, out.dtype);
  const hx = dev.get(x.handle, 'reduce');
  const xs = stridesOf(x.shape);
  const keptDims = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const R = sizeOf(axes.map((d) => x.shape[d]));
  if (R === 0 || hx.size === 0) {
    return mapKernel(dev, 'fill', out, [], 'return value;', [
      { name: 'value', value: identity(op, out.dtype) },
    ]);
  }
  const keptShape = keptDims.map((d) => x.shape[d]);
  const kc = collapse(keptShape, [stridesOf(keptShape), keptDims.map((d) => xs[d])]);
  const redShape = axes.map((d) => x.shape[d]);
  const rc = collapse(redShape, [stridesOf(redShape), axes.map((d) => xs[d])]);
  return reducePass(
    dev,
    op,
    hx,
    { shape: kc.shape, strides: kc.strides[1] },
    { shape: rc.shape, strides: rc.strides[1] },
    out.dtype,
  );
}

export function argReduce(dev: GLDevice, { op, x, axis, out }: KernelArgs['argReduce']): GLHandle {
  const O = sizeOf(out.shape);
  if (O === 0) return dev.wrap(null, 0, out.dtype);
  const len = x.shape[axis];
  const hx = dev.get(x.handle, 'argReduce');
  if (len === 0 || hx.size === 0) {
    return mapKernel(dev, 'fill', out, [], 'return value;', [{ name: 'value', value: 0 }]);
  }
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const better = op === 'argmax' ? '>' : '<';
  const chunk = Math.min(len, REDUCE_CHUNK);
  const P = Math.ceil(len / chunk);
  // Pass 1: per chunk, the global index of its first extreme (or first NaN).
  const key1 = `argReduce:${op}|${outer},${len},${inner}|${chunk}`;
  const build1 = (): KernelSpec => ({
    params: [{ name: 'x', type: 'ArrayTexture(1)' }],
    body: `const t = this.thread.x;
${decode('c', 't', [outer, P, inner])}const a0 = c1 * ${lit(chunk)};
const base = c0 * ${lit(len * inner)} + c2;
let best = pgFetch(x, base + a0 * ${lit(inner)});
let bi = a0;
let done = 0.0;
if (best != best) { done = 1.0; }
for (let i = 1; i < ${chunk}; i++) {
  const a = a0 + i;
  if (done == 0.0 && a < ${lit(len)}) {
    const v = pgFetch(x, base + a * ${lit(inner)});
    if (v != v) {
      bi = a;
      done = 1.0;
    } else if (v ${better} best) {
      best = v;
      bi = a;
    }
  }
}
return bi;`,
    texels: outer * P * inner,
    loopMax: chunk,
  });
  const first = dev.run(key1, build1, [hx], outer * P * inner, 'int32');
  if (P === 1) return first;
  // Pass 2: the first chunk whose winner beats the others (earlier chunks win ties).
  const key2 = `argReduce-merge:${op}|${outer},${len},${inner}|${P}`;
  const build2 = (): KernelSpec => ({
    params: [
      { name: 'x', type: 'ArrayTexture(1)' },
      { name: 'idx', type: 'ArrayTexture(1)' },
    ],
    body: `const t = this.thread.x;
${decode('c', 't', [outer, inner])}const base = c0 * ${lit(len * inner)} + c1;
let bi = pgFetch(idx, c0 * ${lit(P * inner)} + c1);
let best = pgFetch(x, base + bi * ${lit(inner)});
let done = 0.0;
if (best != best) { done = 1.0; }
for (let p = 1; p < ${P}; p++) {
  if (done == 0.0) {
    const a = pgFetch(idx, c0 * ${lit(P * inner)} + p * ${lit(inner)} + c1);
    const v = pgFetch(x, base + a * ${lit(inner)});
    if (v != v) {
      bi = a;
      done = 1.0;
    } else if (v ${better} best) {
      best = v;
      bi = a;
    }
  }
}
return bi;`,
    texels: O,
    loopMax: P,
  });
  const merged = dev.run(key2, build2, [hx, first], O, 'int32');
  dev.free(first);
  return merged;
}
