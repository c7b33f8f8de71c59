import type { Backend, DataHandle, KernelArgs, KernelName, TensorInfo } from '@polygrad/core';
import { KERNELS, listBackends } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../src/index.js';

describe('cpu backend: identity and storage', () => {
  it('declares name, dtypes, precision and device info', () => {
    const be = createCpuBackend();
    expect(be.name).toBe('cpu');
    expect([...be.dtypes].sort()).toEqual(['bool', 'float32', 'float64', 'int32']);
    expect(be.precision).toBe('float64');
    expect(be.deviceInfo()).toMatchObject({ device: 'cpu', threads: 1, simd: false, runtime: 'node' });
  });

  it('registers itself as "cpu" on import', async () => {
    const list = await listBackends();
    const cpu = list.find((b) => b.name === 'cpu');
    expect(cpu).toBeDefined();
    expect(cpu?.priority).toBe(1);
  });

  it('upload copies, read copies, free releases, misuse throws', async () => {
    const be = createCpuBackend();
    const src = new Float32Array([1, 2, 3]);
    const h = be.upload(src, 'float32');
    src[0] = 99;
    const r1 = await be.read(h);
    expect(Array.from(r1)).toEqual([1, 2, 3]);
    expect(r1).toBeInstanceOf(Float32Array);
    r1[1] = 42;
    expect(Array.from(be.readSync!(h))).toEqual([1, 2, 3]);
    expect(be.memory()).toEqual({ buffers: 1, bytes: 12 });
    be.free(h);
    expect(be.memory()).toEqual({ buffers: 0, bytes: 0 });
    expect(() => be.free(h)).toThrow(/freed twice/);
    expect(() => be.readSync!(h)).toThrow(/after free/);
    await expect(be.read(h)).rejects.toThrow(/after free/);
    expect(() => be.readSync!({} as DataHandle)).toThrow(/not created by this backend/);
  });

  it('uploads convert to the requested dtype; bool normalises to 0/1', () => {
    const be = createCpuBackend();
    const h = be.upload(new Float64Array([0, 2, -1, 0.5]), 'bool');
    expect(Array.from(be.readSync!(h))).toEqual([0, 1, 1, 1]);
    expect(be.readSync!(h)).toBeInstanceOf(Uint8Array);
    const i = be.upload(new Float64Array([1.9, -1.9]), 'int32');
    expect(Array.from(be.readSync!(i))).toEqual([1, -1]);
    expect(be.memory()).toEqual({ buffers: 2, bytes: 4 + 8 });
  });
});

/** One representative call per kernel; returns the handles it produced. */
function callAll(
  be: Backend,
  up: (v: number[], s: number[], d?: 'float32' | 'int32' | 'bool') => TensorInfo,
): Record<KernelName, () => DataHandle[]> {
  const k = be.kernels;
  const x = up([1, -2, 3, 4, 5, -6], [2, 3]);
  const w = up([1, 2, 3, 4, 5, 6], [2, 3]);
  const bias = up([1, 1], [2]);
  const lbl = up([0, 2], [2], 'int32');
  const c = up([1, 0, 1, 1, 0, 0], [2, 3], 'bool');
  const row = up([1, 2, 3], [3]);
  const f = { shape: [2, 3], dtype: 'float32' } as const;
  const calls: { [K in KernelName]: () => DataHandle[] } = {
    unary: () => [k.unary({ op: 'exp', x, out: f })],
    binary: () => [k.binary({ op: 'add', a: x, b: row, out: f })],
    compare: () => [k.compare({ op: 'less', a: x, b: row, out: { shape: [2, 3], dtype: 'bool' } })],
    select: () => [k.select({ cond: c, a: x, b: row, out: f })],
    reduce: () => [k.reduce({ op: 'sum', x, axes: [0], out: { shape: [3], dtype: 'float32' } })],
    argReduce: () => [k.argReduce({ op: 'argmax', x, axis: 1, out: { shape: [2], dtype: 'int32' } })],
    matmul: () => [
      k.matmul({
        a: x,
        b: w,
        transposeA: false,
        transposeB: true,
        out: { shape: [1, 2, 2], dtype: 'float32' },
      }),
    ],
    transpose: () => [k.transpose({ x, perm: [1, 0], out: { shape: [3, 2], dtype: 'float32' } })],
    slice: () => [k.slice({ x, begin: [0, 1], out: { shape: [2, 2], dtype: 'float32' } })],
    pad: () => [k.pad({ x, before: [1, 0], value: 0, out: { shape: [3, 3], dtype: 'float32' } })],
    concat: () => [k.concat({ xs: [x, w], axis: 0, out: { shape: [4, 3], dtype: 'float32' } })],
    expand: () => [k.expand({ x: row, out: f })],
    gather: () => [k.gather({ x, indices: lbl, axis: 1, out: f })],
    scatterAdd: () => [
      k.scatterAdd({ updates: x, indices: lbl, axis: 0, out: { shape: [3, 3], dtype: 'float32' } }),
    ],
    cast: () => [k.cast({ x, out: { shape: [2, 3], dtype: 'int32' } })],
    fill: () => [k.fill({ value: 1, out: f })],
    range: () => [k.range({ start: 0, step: 1, out: { shape: [5], dtype: 'float32' } })],
    random: () => [k.random({ distribution: 'normal', seed: 1, a: 0, b: 1, out: f })],
    linear: () => [k.linear!({ x, weight: w, bias, out: { shape: [2, 2], dtype: 'float32' } })],
    activationBackward: () => [k.activationBackward!({ op: 'tanh', x, y: x, dy: w, out: f })],
    softmax: () => [k.softmax!({ x, axis: 1, log: false, out: f })],
    softmaxBackward: () => [k.softmaxBackward!({ y: x, dy: w, axis: 1, log: true, out: f })],
    crossEntropy: () => [k.crossEntropy!({ logits: x, labels: lbl, out: { shape: [2], dtype: 'float32' } })],
    crossEntropyBackward: () => [k.crossEntropyBackward!({ logits: x, labels: lbl, dloss: bias, out: f })],
    dropout: () => k.dropout!({ x, p: 0.5, seed: 3, out: f }),
    sgdUpdate: () => {
      const r = k.sgdUpdate!({
        param: w,
        grad: x,
        velocity: null,
        lr: 0.1,
        momentum: 0,
        dampening: 0,
        nesterov: false,
        weightDecay: 0,
        l1: 0,
        firstStep: false,
      });
      return [r.param];
    },
    adamUpdate: () => {
      const m = up([0, 0, 0, 0, 0, 0], [2, 3]);
      const v = up([0, 0, 0, 0, 0, 0], [2, 3]);
      const r = k.adamUpdate!({
        param: w,
        grad: x,
        m,
        v,
        lr: 0.1,
        beta1: 0.9,
        beta2: 0.99,
        eps: 1e-8,
        weightDecay: 0,
        decoupled: true,
        step: 1,
      });
      return [m.handle, v.handle, r.param, r.m, r.v];
    },
  };
  return calls;
}

describe('every kernel in KERNELS', () => {
  const be = createCpuBackend();
  const up = (v: number[], s: number[], d: 'float32' | 'int32' | 'bool' = 'float32'): TensorInfo => ({
    handle: be.upload(
      d === 'float32' ? new Float32Array(v) : d === 'int32' ? new Int32Array(v) : new Uint8Array(v),
      d,
    ),
    shape: s,
    dtype: d,
  });
  const baseline = be.memory();
  const calls = callAll(be, up);
  const afterInputs = be.memory();

  for (const name of Object.keys(KERNELS) as KernelName[]) {
    it(`${name} (${KERNELS[name].tier}) is implemented, allocates what it returns and leaks nothing`, () => {
      expect(typeof be.kernels[name]).toBe('function');
      const before = be.memory();
      const outs = calls[name]();
      const during = be.memory();
      expect(during.buffers - before.buffers).toBe(outs.length);
      let bytes = 0;
      for (const h of outs) bytes += be.readSync!(h).byteLength;
      expect(during.bytes - before.bytes).toBe(bytes);
      for (const h of outs) be.free(h);
      expect(be.memory()).toEqual(afterInputs);
    });
  }

  it('inputs are not mutated by non-optimizer kernels', () => {
    const x = up([1, 2, 3], [3]);
    const before = Array.from(be.readSync!(x.handle));
    for (const op of ['neg', 'exp', 'relu'] as const)
      be.free(be.kernels.unary({ op, x, out: { shape: [3], dtype: 'float32' } }));
    expect(Array.from(be.readSync!(x.handle))).toEqual(before);
    be.free(x.handle);
    expect(baseline.buffers).toBe(0);
  });
});

// type-level check that KernelArgs is what the calls above use
export type _Unused = KernelArgs['matmul'];
