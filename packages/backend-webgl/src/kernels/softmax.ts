/**
 * Softmax family, fused into three kernels per call instead of core's
 * composition of seven: the row max, the row sum of exp(x - max) (both
 * chunked past REDUCE_CHUNK), then one elementwise kernel producing the
 * result. Cross-entropy and its gradient reuse the same two row statistics.
 */
import type { KernelArgs } from '@polygrad/core';
import { sizeOf } from '@polygrad/core';
import { decode, lit } from '../codegen.js';
import type { GLDevice, GLHandle, KernelSpec } from '../device.js';
import { mapKernel } from './map.js';
import { reduceAxis } from './reduce.js';

/** [outer, len, inner] view of `shape` around `axis`. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}

/** Row max and row Σ exp(x - max) of `h` viewed as [outer, len, inner]. */
function rowStats(dev: GLDevice, h: GLHandle, outer: number, len: number, inner: number) {
  const max = reduceAxis(dev, 'max', h, outer, len, inner, 'float32');
  const sum = reduceAxis(dev, 'sum', h, outer, len, inner, 'float32', {
    expr: 'Math.exp($X - $AUX)',
    aux: max,
  });
  return { max, sum };
}

/** Strides over [outer, len, inner] reading a per-row value stored as [outer, inner]. */
function perRow(inner: number): number[] {
  return [inner, 0, 1];
}

export function softmax(dev: GLDevice, { x, axis, log, out }: KernelArgs['softmax']): GLHandle {
  const n = sizeOf(out.shape);
  if (n === 0) return dev.wrap(null, 0, out.dtype);
  const [outer, len, inner] = around(x.shape, axis);
  const hx = dev.get(x.handle, 'softmax');
  const { max, sum } = rowStats(dev, hx, outer, len, inner);
  const shape3 = { shape: [outer, len, inner], dtype: out.dtype };
  const result = mapKernel(
    dev,
    log ? 'log-softmax' : 'softmax',
    shape3,
    [
      { handle: hx, read: { strides: [len * inner, inner, 1] } },
      { handle: max, read: { strides: perRow(inner) } },
      { handle: sum, read: { strides: perRow(inner) } },
    ],
    log ? 'return (v0 - v1) - Math.log(v2);' : 'return Math.exp(v0 - v1) / v2;',
  );
  dev.free(max);
  dev.free(sum);
  return result;
}

export function softmaxBackward(
  dev: GLDevice,
  { y, dy, axis, log, out }: KernelArgs['softmaxBackward'],
): GLHandle {
  const n = sizeOf(out.shape);
  if (n === 0) return dev.wrap(null, 0, out.dtype);
  const [outer, len, inner] = around(y.shape, axis);
  const hy = dev.get(y.handle, 'softmaxBackward');
  const hdy = dev.get(dy.handle, 'softmaxBackward');
  const dense = { strides: [len * inner, inner, 1] };
  const shape3 = { shape: [outer, len, inner], dtype: out.dtype };
  if (log) {
    // dx = dy - exp(y) * Σ dy
    const s = reduceAxis(dev, 'sum', hdy, outer, len, inner, 'float32');
    const r = mapKernel(
      dev,
      'log-softmax-backward',
      shape3,
      [
        { handle: hy, read: dense },
        { handle: hdy, read: dense },
        { handle: s, read: { strides: perRow(inner) } },
      ],
      'return v1 - Math.exp(v0) * v2;',
    );
    dev.free(s);
    return r;
  }
  // dx = y * (dy - Σ dy*y)
  const prod = mapKernel(
    dev,
    'mul',
    shape3,
    [
      { handle: hy, read: dense },
      { handle: hdy, read: dense },
    ],
    'return v0 * v1;',
  );
  const s = reduceAxis(dev, 'sum', prod, outer, len, inner, 'float32');
  dev.free(prod);
  const r = mapKernel(
    dev,
    'softmax-backward',
    shape3,
    [
      { handle: hy, read: dense },
      { handle: hdy, read: dense },
      { handle: s, read: { strides: perRow(inner) } },
    ],
    'return v0 * (v1 - v2);',
  );
  dev.free(s);
  return r;
}

export function crossEntropy(dev: GLDevice, { logits, labels, out }: KernelArgs['crossEntropy']): GLHandle {
  const [N, C] = logits.shape;
  if (N === 0) return dev.wrap(null, 0, out.dtype);
  const hx = dev.get(logits.handle, 'crossEntropy');
  const hl = dev.get(labels.handle, 'crossEntropy');
  const { max, sum } = rowStats(dev, hx, N, C, 1);
  // loss = (max - x[label]) + log Σ exp(x - max)
  const key = `cross-entropy|${N},${C}`;
  const build = (): KernelSpec => ({
    params: [
      { name: 'x', type: 'ArrayTexture(1)' },
      { name: 'labels', type: 'ArrayTexture(1)' },
      { name: 'mx', type: 'ArrayTexture(1)' },
      { name: 'sm', type: 'ArrayTexture(1)' },
    ],
    body: `const t = this.thread.x;
const lab = pgFetch(labels, t);
if (lab < 0.0 || lab >= ${lit(C)}) { return nan; }
return (pgFetch(mx, t) - pgFetch(x, t * ${lit(C)} + lab)) + Math.log(pgFetch(sm, t));`,
    texels: N,
  });
  const r = dev.run(key, build, [hx, hl, max, sum], N, out.dtype);
  dev.free(max);
  dev.free(sum);
  return r;
}

export function crossEntropyBackward(
  dev: GLDevice,
  { logits, labels, dloss, out }: KernelArgs['crossEntropyBackward'],
): GLHandle {
  const [N, C] = logits.shape;
  if (N === 0 || C === 0) return dev.wrap(null, 0, out.dtype);
  const hx = dev.get(logits.handle, 'crossEntropyBackward');
  const hl = dev.get(labels.handle, 'crossEntropyBackward');
  const hd = dev.get(dloss.handle, 'crossEntropyBackward');
  const { max, sum } = rowStats(dev, hx, N, C, 1);
  // dlogits = (softmax(x) - onehot(label)) * dloss[row]
  const key = `cross-entropy-backward|${N},${C}`;
  const build = (): KernelSpec => ({
    params: [
      { name: 'x', type: 'ArrayTexture(1)' },
      { name: 'labels', type: 'ArrayTexture(1)' },
      { name: 'mx', type: 'ArrayTexture(1)' },
      { name: 'sm', type: 'ArrayTexture(1)' },
      { name: 'dl', type: 'ArrayTexture(1)' },
    ],
    body: `const t = this.thread.x;
${decode('c', 't', [N, C])}const p = Math.exp(pgFetch(x, t) - pgFetch(mx, c0)) / pgFetch(sm, c0);
let hot = 0.0;
if (pgFetch(labels, c0) == c1) { hot = 1.0; }
return (p - hot) * pgFetch(dl, c0);`,
    texels: N * C,
  });
  const r = dev.run(key, build, [hx, hl, max, sum, hd], N * C, out.dtype);
  dev.free(max);
  dev.free(sum);
  return r;
}
