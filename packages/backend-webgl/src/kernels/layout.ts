/** Layout kernels: transpose, slice, expand, pad, concat (all strided reads), gather, scatterAdd. */
import type { KernelArgs } from '@polygrad/core';
import { broadcastStrides, sizeOf, stridesOf } from '@polygrad/core';
import { decode, lit } from '../codegen.js';
import type { GLDevice, GLHandle, KernelSpec } from '../device.js';
import { mapKernel } from './map.js';

export function transpose(dev: GLDevice, { x, perm, out }: KernelArgs['transpose']) {
  const xs = stridesOf(x.shape);
  return mapKernel(
    dev,
    'copy',
    out,
    [{ handle: x.handle, read: { strides: perm.map((p) => xs[p]) } }],
    'return v0;',
  );
}

export function slice(dev: GLDevice, { x, begin, out }: KernelArgs['slice']) {
  const xs = stridesOf(x.shape);
  const base = begin.reduce((acc, b, d) => acc + b * xs[d], 0);
  return mapKernel(dev, 'copy', out, [{ handle: x.handle, read: { strides: xs, base } }], 'return v0;');
}

export function expand(dev: GLDevice, { x, out }: KernelArgs['expand']) {
  return mapKernel(
    dev,
    'copy',
    out,
    [{ handle: x.handle, read: { strides: broadcastStrides(x.shape, out.shape) } }],
    'return v0;',
  );
}

export function pad(dev: GLDevice, { x, before, value, out }: KernelArgs['pad']) {
  const n = sizeOf(out.shape);
  if (n === 0) return dev.wrap(null, 0, out.dtype);
  const hx = dev.get(x.handle, 'pad');
  if (hx.size === 0) return mapKernel(dev, 'fill', out, [], 'return value;', [{ name: 'value', value }]);
  const xs = stridesOf(x.shape);
  const inside = x.shape.map((s, d) => `(c${d} >= ${lit(before[d])} && c${d} < ${lit(before[d] + s)})`);
  const offset = x.shape.map((_, d) => `(c${d} - ${lit(before[d])}) * ${lit(xs[d])}`).join(' + ') || '0.0';
  const key = `pad|${out.shape}|${x.shape}|${before}`;
  const build = (): KernelSpec => ({
    params: [
      { name: 'a0', type: 'ArrayTexture(1)' },
      { name: 'value', type: 'Float' },
    ],
    body: `const t = this.thread.x;\n${decode('c', 't', out.shape)}if (${inside.join(' && ') || 'true'}) { return pgFetch(a0, ${offset}); }\nreturn value;`,
    texels: n,
  });
  return dev.run(key, build, [hx, value], n, out.dtype);
}

/** Inputs one concat kernel reads at most (WebGL guarantees 8 texture units per fragment shader). */
export const CONCAT_GROUP = 6;

export function concat(dev: GLDevice, { xs, axis, out }: KernelArgs['concat']) {
  const n = sizeOf(out.shape);
  if (n === 0) return dev.wrap(null, 0, out.dtype);
  // View everything as [outer, axisLen, inner]; each input covers a range of the axis.
  const outer = sizeOf(out.shape.slice(0, axis));
  const inner = sizeOf(out.shape.slice(axis + 1));
  const total = out.shape[axis];
  const pieces: { h: GLHandle; start: number; len: number }[] = [];
  let start = 0;
  for (const x of xs) {
    const len = x.shape[axis];
    const h = dev.get(x.handle, 'concat');
    if (h.size > 0) pieces.push({ h, start, len });
    start += len;
  }
  let prev: GLHandle | null = null;
  for (let g = 0; g < pieces.length; g += CONCAT_GROUP) {
    const group = pieces.slice(g, g + CONCAT_GROUP);
    const withPrev = prev !== null;
    const key = `concat|${outer},${total},${inner}|${group.map((p) => `${p.start}+${p.len}`).join(',')}|${withPrev}`;
    const build = (): KernelSpec => {
      const lines = [`const t = this.thread.x;`, decode('c', 't', [outer, total, inner])];
      group.forEach((p, j) => {
        const off = `c0 * ${lit(p.len * inner)} + (c1 - ${lit(p.start)}) * ${lit(inner)} + c2`;
        lines.push(
          `if (c1 >= ${lit(p.start)} && c1 < ${lit(p.start + p.len)}) { return pgFetch(a${j}, ${off}); }`,
        );
      });
      lines.push(withPrev ? 'return pgFetch(prev, t);' : 'return 0.0;');
      return {
        params: [
          ...group.map((_, j) => ({ name: `a${j}`, type: 'ArrayTexture(1)' as const })),
          ...(withPrev ? [{ name: 'prev', type: 'ArrayTexture(1)' as const }] : []),
        ],
        body: lines.join('\n'),
        texels: n,
      };
    };
    const next: GLHandle = dev.run(
      key,
      build,
      [...group.map((p) => p.h), ...(prev ? [prev] : [])],
      n,
      out.dtype,
    );
    if (prev) dev.free(prev);
    prev = next;
  }
  return prev ?? dev.wrap(null, 0, out.dtype);
}

export function gather(dev: GLDevice, { x, indices, axis, out }: KernelArgs['gather']) {
  const n = sizeOf(out.shape);
  if (n === 0) return dev.wrap(null, 0, out.dtype);
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const len = x.shape[axis];
  const J = sizeOf(indices.shape);
  const hx = dev.get(x.handle, 'gather');
  const hi = dev.get(indices.handle, 'gather');
  const key = `gather|${outer},${len},${inner}|${J}`;
  const build = (): KernelSpec => ({
    params: [
      { name: 'x', type: 'ArrayTexture(1)' },
      { name: 'idx', type: 'ArrayTexture(1)' },
    ],
    body: `const t = this.thread.x;
${decode('c', 't', [outer, J, inner])}const k = pgFetch(idx, c1);
if (k < 0.0 || k >= ${lit(len)}) { return 0.0; }
return pgFetch(x, c0 * ${lit(len * inner)} + k * ${lit(inner)} + c2);`,
    texels: n,
  });
  // x has no texture when its gathered axis is empty; then every index is out of range.
  if (hx.size === 0) return mapKernel(dev, 'fill', out, [], 'return value;', [{ name: 'value', value: 0 }]);
  return dev.run(key, build, [hx, hi], n, out.dtype);
}

/** Indices one scatterAdd pass loops over (llvmpipe runs at most 65,535 loop iterations per fragment). */
export const SCATTER_CHUNK = 8192;

export function scatterAdd(dev: GLDevice, { updates, indices, axis, out }: KernelArgs['scatterAdd']) {
  const n = sizeOf(out.shape);
  if (n === 0) return dev.wrap(null, 0, out.dtype);
  const outer = sizeOf(out.shape.slice(0, axis));
  const inner = sizeOf(out.shape.slice(axis + 1));
  const len = out.shape[axis];
  const J = sizeOf(indices.shape);
  const hu = dev.get(updates.handle, 'scatterAdd');
  const hi = dev.get(indices.handle, 'scatterAdd');
  if (J === 0 || hu.size === 0)
    return mapKernel(dev, 'fill', out, [], 'return value;', [{ name: 'value', value: 0 }]);
  // out[o, k, i] = Σ_j [idx[j] == k] · updates[o, j, i], over chunks of j.
  let prev: GLHandle | null = null;
  for (let j0 = 0; j0 < J; j0 += SCATTER_CHUNK) {
    const jn = Math.min(SCATTER_CHUNK, J - j0);
    const withPrev = prev !== null;
    const key = `scatterAdd|${outer},${len},${inner}|${J}|${j0}+${jn}|${withPrev}`;
    const build = (): KernelSpec => ({
      params: [
        { name: 'u', type: 'ArrayTexture(1)' },
        { name: 'idx', type: 'ArrayTexture(1)' },
        ...(withPrev ? [{ name: 'prev', type: 'ArrayTexture(1)' as const }] : []),
      ],
      body: `const t = this.thread.x;
${decode('c', 't', [outer, len, inner])}let s = ${withPrev ? 'pgFetch(prev, t)' : '0.0'};
for (let j = 0; j < ${jn}; j++) {
  const jj = ${lit(j0)} + j;
  if (pgFetch(idx, jj) == c1) {
    s = s + pgFetch(u, c0 * ${lit(J * inner)} + jj * ${lit(inner)} + c2);
  }
}
return s;`,
      texels: n,
      loopMax: jn,
    });
    const next: GLHandle = dev.run(key, build, [hu, hi, ...(prev ? [prev] : [])], n, out.dtype);
    if (prev) dev.free(prev);
    prev = next;
  }
  return prev as GLHandle;
}
