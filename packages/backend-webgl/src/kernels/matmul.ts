/**
 * Batched matmul (and the fused linear layer) on packed RGBA textures, four
 * values per texel: on software GL a texture fetch costs far more than a
 * multiply-add, so fetches are what to save.
 *
 * 1. Pack A (as [batchA, M, ⌈K/4⌉] texels of four consecutive k) and B (as
 *    [batchB, 4⌈K/4⌉, ⌈N/4⌉] texels of four consecutive n), reading each
 *    operand in place with its transpose flag (no transposed copy is made) and
 *    zero-padding K and N to multiples of 4.
 * 2. Each fragment of the product computes four adjacent outputs of one row:
 *    per four k it fetches one A texel and four B texels for 16 multiply-adds
 *    (unpacked: 20 fetches for the same work). Inner dimensions beyond
 *    KQ_CHUNK texels are split into passes that add up (llvmpipe runs at most
 *    65,535 loop iterations per fragment).
 * 3. Unpack the product into the flat layout every other kernel reads.
 *
 * That 1×4 layout is now the fallback for shapes whose textures exceed the
 * largest texture; `blockedProduct` (2×2 output blocks from A and Bᵀ packed
 * along K, 2-D textures read by column and row) is the usual path: four
 * fetches per 16 multiply-adds instead of five.
 */
import type { KernelArgs } from '@polygrad/core';
import { sizeOf } from '@polygrad/core';
import { blockedSum, decode, lit } from '../codegen.js';
import type { GLDevice, GLHandle, KernelSpec } from '../device.js';
import type { GpuTexture } from '../gl/gpu-types.js';
import { mapKernel } from './map.js';

/** Packed k-texels one product pass loops over. */
export const KQ_CHUNK = 4096;

interface MatmulPlan {
  readonly a: GLHandle;
  readonly b: GLHandle;
  readonly bias: GLHandle | null;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly batch: number;
  readonly batchA: number;
  readonly batchB: number;
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

/** A packed as [batchA, M, KQ] texels; texel (b, m, kq) holds A[b, m, 4kq .. 4kq+3] (0 past K). */
function packA(dev: GLDevice, p: MatmulPlan, KQ: number, twoD: boolean): GpuTexture {
  const { batchA, M, K, transposeA } = p;
  const key = `pack-a|${batchA},${M},${K}|${transposeA}|${twoD}`;
  const build = (): KernelSpec => {
    const off = (k: string) =>
      `c0 * ${lit(M * K)} + ${transposeA ? `${k} * ${lit(M)} + c1` : `c1 * ${lit(K)} + ${k}`}`;
    const lanes = [0, 1, 2, 3].map(
      (j) => `let v${j} = 0.0;
const k${j} = c2 * 4.0 + ${lit(j)};
if (k${j} < ${lit(K)}) { v${j} = pgFetch(a, ${off(`k${j}`)}); }`,
    );
    const head = twoD
      ? `const c2 = this.thread.x;\n${decode('c', 'this.thread.y', [batchA, M])}`
      : `const t = this.thread.x;\n${decode('c', 't', [batchA, M, KQ])}`;
    return {
      params: [{ name: 'a', type: 'ArrayTexture(1)' }],
      body: `${head}${lanes.join('\n')}
return [v0, v1, v2, v3];`,
      texels: batchA * M * KQ,
      output2d: twoD ? [KQ, batchA * M] : undefined,
      returnType: 'Array(4)',
    };
  };
  return dev.runTexture(key, build, [p.a]);
}

/** B packed as [batchB, 4·KQ, NQ] texels; texel (b, k, nq) holds B[b, k, 4nq .. 4nq+3] (0 past K or N). */
function packB(dev: GLDevice, p: MatmulPlan, KQ: number, NQ: number, twoD: boolean): GpuTexture {
  const { batchB, N, K, transposeB } = p;
  const key = `pack-b|${batchB},${K},${N}|${transposeB}|${twoD}`;
  const build = (): KernelSpec => {
    const off = (n: string) =>
      `c0 * ${lit(K * N)} + ${transposeB ? `${n} * ${lit(K)} + c1` : `c1 * ${lit(N)} + ${n}`}`;
    const lanes = [0, 1, 2, 3].map(
      (j) =>
        `let v${j} = 0.0;\nconst n${j} = c2 * 4.0 + ${lit(j)};\nif (c1 < ${lit(K)} && n${j} < ${lit(N)}) { v${j} = pgFetch(b, ${off(`n${j}`)}); }`,
    );
    const head = twoD
      ? `const c2 = this.thread.x;\n${decode('c', 'this.thread.y', [batchB, 4 * KQ])}`
      : `const t = this.thread.x;\n${decode('c', 't', [batchB, 4 * KQ, NQ])}`;
    return {
      params: [{ name: 'b', type: 'ArrayTexture(1)' }],
      body: `${head}${lanes.join('\n')}
return [v0, v1, v2, v3];`,
      texels: batchB * 4 * KQ * NQ,
      output2d: twoD ? [NQ, batchB * 4 * KQ] : undefined,
      returnType: 'Array(4)',
    };
  };
  return dev.runTexture(key, build, [p.b]);
}

/** Runs the packed product (all passes) and returns the packed texture of [batch, M, ⌈N/4⌉] texels. */
function packedProduct(dev: GLDevice, p: MatmulPlan): GpuTexture {
  const { M, N, K, batch, batchA, batchB } = p;
  const NQ = Math.ceil(N / 4);
  const KQ = Math.ceil(K / 4);
  const texels = batch * M * NQ;
  // Operands as 2-D textures (A: KQ wide, B: NQ wide) when they fit: the inner
  // loop then fetches by (column, row) with no flat-index division per fetch.
  const maxSide = dev.ctx.info.maxTextureSize;
  const twoD = KQ <= maxSide && batchA * M <= maxSide && NQ <= maxSide && batchB * 4 * KQ <= maxSide;
  const a4 = packA(dev, p, KQ, twoD);
  const b4 = packB(dev, p, KQ, NQ, twoD);
  const aRow = twoD
    ? `${batchA === 1 ? '' : `c0 * ${lit(M)} + `}c1`
    : `${batchA === 1 ? '' : `c0 * ${lit(M * KQ)} + `}c1 * ${lit(KQ)}`;
  const bBase = twoD
    ? `${batchB === 1 ? '0.0' : `c0 * ${lit(4 * KQ)}`}`
    : `${batchB === 1 ? '' : `c0 * ${lit(4 * KQ * NQ)} + `}c2`;
  const fetchA = twoD ? 'pgTexel4(a4, kq, arow)' : 'pgFetch4(a4, arow + kq)';
  const fetchB = (j: number) =>
    twoD
      ? `pgTexel4(b4, c2, bbase + kq * 4.0 + ${lit(j)})`
      : `pgFetch4(b4, bbase + (kq * 4.0 + ${lit(j)}) * ${lit(NQ)})`;
  let prev: GpuTexture | null = null;
  for (let q0 = 0; q0 < KQ; q0 += KQ_CHUNK) {
    const qn = Math.min(KQ_CHUNK, KQ - q0);
    const withPrev = prev !== null;
    const withBias = p.bias !== null && !withPrev;
    const key = `matmul4|${batch},${batchA},${batchB},${M},${N},${K}|${q0}+${qn}|${withPrev},${withBias}|${twoD}`;
    const build = (): KernelSpec => {
      const sums = [0, 1, 2, 3].map(
        (c) => `s${c}b = s${c}b + av[0] * b0[${c}] + av[1] * b1[${c}] + av[2] * b2[${c}] + av[3] * b3[${c}];`,
      );
      const lines = [
        'const t = this.thread.x;',
        decode('c', 't', [batch, M, NQ]),
        ...[0, 1, 2, 3].map((c) => `let s${c} = 0.0;`),
        withPrev ? 'const q = pgFetch4(prev, t);' : '',
        ...(withPrev ? [0, 1, 2, 3].map((c) => `s${c} = q[${c}];`) : []),
        ...(withBias
          ? [0, 1, 2, 3].map((c) => `s${c} = pgFetch(bias, Math.min(c2 * 4.0 + ${lit(c)}, ${lit(N - 1)}));`)
          : []),
        `const arow = ${aRow};`,
        `const bbase = ${bBase};`,
        blockedSum(
          qn,
          ['s0', 's1', 's2', 's3'],
          (i) =>
            [
              `const kq = ${lit(q0)} + ${i};`,
              `const av = ${fetchA};`,
              ...[0, 1, 2, 3].map((j) => `const b${j} = ${fetchB(j)};`),
              ...sums,
            ].join('\n'),
          'l',
        ),
        'return [s0, s1, s2, s3];',
      ];
      return {
        params: [
          { name: 'a4', type: 'ArrayTexture(4)' },
          { name: 'b4', type: 'ArrayTexture(4)' },
          ...(withBias ? [{ name: 'bias', type: 'ArrayTexture(1)' as const }] : []),
          ...(withPrev ? [{ name: 'prev', type: 'ArrayTexture(4)' as const }] : []),
        ],
        body: lines.filter((l) => l !== '').join('\n'),
        texels,
        returnType: 'Array(4)',
        loopMax: qn,
      };
    };
    const inputs: (GLHandle | GpuTexture)[] = [a4, b4];
    if (withBias && p.bias) inputs.push(p.bias);
    const next = dev.runTexture(key, build, prev ? [...inputs, prev] : inputs);
    if (prev) prev.delete();
    prev = next;
  }
  a4.delete();
  b4.delete();
  return prev as GpuTexture;
}

/**
 * An operand viewed as [batch, R, K] (element (b, r, k) at b·R·K + r·K + k when
 * `rowMajor`, else b·R·K + k·R + r) packed along K as a 2-D texture KQ texels
 * wide and batch·RP tall (RP = R rounded up to even): texel (kq, b·RP + r) holds
 * elements (b, r, 4kq .. 4kq+3), 0 past R or K. A is packed as [M, K], B as its
 * transpose [N, K], so the product reads both the same way.
 */
function packRows(
  dev: GLDevice,
  src: GLHandle,
  name: string,
  batch: number,
  R: number,
  K: number,
  rowMajor: boolean,
): GpuTexture {
  const KQ = Math.ceil(K / 4);
  const RP = 2 * Math.ceil(R / 2);
  const key = `pack-rows|${name}|${batch},${R},${K}|${rowMajor}`;
  const build = (): KernelSpec => {
    const off = (k: string) =>
      `c0 * ${lit(R * K)} + ${rowMajor ? `c1 * ${lit(K)} + ${k}` : `${k} * ${lit(R)} + c1`}`;
    const lanes = [0, 1, 2, 3].map(
      (j) => `let v${j} = 0.0;
const k${j} = kq * 4.0 + ${lit(j)};
if (c1 < ${lit(R)} && k${j} < ${lit(K)}) { v${j} = pgFetch(x, ${off(`k${j}`)}); }`,
    );
    return {
      params: [{ name: 'x', type: 'ArrayTexture(1)' }],
      body: `const kq = this.thread.x;
${decode('c', 'this.thread.y', [batch, RP])}${lanes.join('\n')}
return [v0, v1, v2, v3];`,
      texels: batch * RP * KQ,
      output2d: [KQ, batch * RP],
      returnType: 'Array(4)',
    };
  };
  return dev.runTexture(key, build, [src]);
}

/**
 * The product in 2×2 output blocks: texel (nh, b·MH + mh) holds C[b, 2mh, 2nh],
 * C[b, 2mh, 2nh+1], C[b, 2mh+1, 2nh], C[b, 2mh+1, 2nh+1]. Per four k a fragment
 * fetches two A texels and two Bᵀ texels for 16 multiply-adds (the 1×4 layout
 * needs five fetches; on SwiftShader each fetch is ~13% of the pass).
 */
function blockedProduct(dev: GLDevice, p: MatmulPlan): GpuTexture {
  const { M, N, K, batch, batchA, batchB } = p;
  const KQ = Math.ceil(K / 4);
  const MH = Math.ceil(M / 2);
  const NH = Math.ceil(N / 2);
  const a4 = packRows(dev, p.a, 'a', batchA, M, K, !p.transposeA);
  const b4 = packRows(dev, p.b, 'b', batchB, N, K, p.transposeB);
  const aRow = `${batchA === 1 ? '' : `c0 * ${lit(2 * MH)} + `}c1 * 2.0`;
  const bRow = `${batchB === 1 ? '' : `c0 * ${lit(2 * NH)} + `}nh * 2.0`;
  let prev: GpuTexture | null = null;
  for (let q0 = 0; q0 < KQ; q0 += KQ_CHUNK) {
    const qn = Math.min(KQ_CHUNK, KQ - q0);
    const withPrev = prev !== null;
    const withBias = p.bias !== null && !withPrev;
    const key = `matmul22|${batch},${batchA},${batchB},${M},${N},${K}|${q0}+${qn}|${withPrev},${withBias}`;
    const build = (): KernelSpec => {
      // s0: (m, n), s1: (m, n+1), s2: (m+1, n), s3: (m+1, n+1).
      const pairs: [string, string][] = [
        ['a0', 'b0'],
        ['a0', 'b1'],
        ['a1', 'b0'],
        ['a1', 'b1'],
      ];
      const sums = pairs.map(
        ([a, b], c) =>
          `s${c}b = s${c}b + ${a}[0] * ${b}[0] + ${a}[1] * ${b}[1] + ${a}[2] * ${b}[2] + ${a}[3] * ${b}[3];`,
      );
      const lines = [
        'const nh = this.thread.x;',
        decode('c', 'this.thread.y', [batch, MH]),
        ...[0, 1, 2, 3].map((c) => `let s${c} = 0.0;`),
        withPrev ? 'const q = pgTexel4(prev, this.thread.x, this.thread.y);' : '',
        ...(withPrev ? [0, 1, 2, 3].map((c) => `s${c} = q[${c}];`) : []),
        ...(withBias
          ? [0, 1, 2, 3].map(
              (c) => `s${c} = pgFetch(bias, Math.min(nh * 2.0 + ${lit(c % 2)}, ${lit(N - 1)}));`,
            )
          : []),
        `const arow = ${aRow};`,
        `const brow = ${bRow};`,
        blockedSum(
          qn,
          ['s0', 's1', 's2', 's3'],
          (i) =>
            [
              `const kq = ${lit(q0)} + ${i};`,
              'const a0 = pgTexel4(a4, kq, arow);',
              'const a1 = pgTexel4(a4, kq, arow + 1.0);',
              'const b0 = pgTexel4(b4, kq, brow);',
              'const b1 = pgTexel4(b4, kq, brow + 1.0);',
              ...sums,
            ].join('\n'),
          'l',
        ),
        'return [s0, s1, s2, s3];',
      ];
      return {
        params: [
          { name: 'a4', type: 'ArrayTexture(4)' },
          { name: 'b4', type: 'ArrayTexture(4)' },
          ...(withBias ? [{ name: 'bias', type: 'ArrayTexture(1)' as const }] : []),
          ...(withPrev ? [{ name: 'prev', type: 'ArrayTexture(4)' as const }] : []),
        ],
        body: lines.filter((l) => l !== '').join('\n'),
        texels: batch * MH * NH,
        output2d: [NH, batch * MH],
        returnType: 'Array(4)',
        loopMax: qn,
      };
    };
    const inputs: (GLHandle | GpuTexture)[] = [a4, b4];
    if (withBias && p.bias) inputs.push(p.bias);
    const next = dev.runTexture(key, build, prev ? [...inputs, prev] : inputs);
    if (prev) prev.delete();
    prev = next;
  }
  a4.delete();
  b4.delete();
  return prev as GpuTexture;
}

/** The flat [batch, M, N] tensor from the 2×2-blocked product. */
function unblock(dev: GLDevice, packed: GpuTexture, batch: number, M: number, N: number): GLHandle {
  const MH = Math.ceil(M / 2);
  const n = batch * M * N;
  const key = `unblock22|${batch},${M},${N}`;
  const build = (): KernelSpec => ({
    params: [{ name: 'p', type: 'ArrayTexture(4)' }],
    body: `const t = this.thread.x;
${decode('c', 't', [batch, M, N])}const mh = Math.floor((c1 + 0.5) / 2.0);
const nh = Math.floor((c2 + 0.5) / 2.0);
const ch = (c1 - mh * 2.0) * 2.0 + (c2 - nh * 2.0);
const v = pgTexel4(p, nh, c0 * ${lit(MH)} + mh);
if (ch < 0.5) { return v[0]; }
if (ch < 1.5) { return v[1]; }
if (ch < 2.5) { return v[2]; }
return v[3];`,
    texels: n,
  });
  return dev.wrap(dev.runTexture(key, build, [packed]), n, 'float32');
}

/** The flat [batch, M, N] tensor from its packed texture. */
function unpack(dev: GLDevice, packed: GpuTexture, rows: number, N: number, dtype: 'float32'): GLHandle {
  const NQ = Math.ceil(N / 4);
  const n = rows * N;
  const key = `unpack4|${rows},${N}`;
  const build = (): KernelSpec => ({
    params: [{ name: 'p', type: 'ArrayTexture(4)' }],
    body: `const t = this.thread.x;
${decode('c', 't', [rows, N])}const q = Math.floor((c1 + 0.5) / 4.0);
const ch = c1 - q * 4.0;
const v = pgFetch4(p, c0 * ${lit(NQ)} + q);
if (ch < 0.5) { return v[0]; }
if (ch < 1.5) { return v[1]; }
if (ch < 2.5) { return v[2]; }
return v[3];`,
    texels: n,
  });
  return dev.wrap(dev.runTexture(key, build, [packed]), n, dtype);
}

/** Products up to this many multiply-adds (and K up to DIRECT_MAX_K) run as one unpacked kernel. */
export const DIRECT_MAX_WORK = 2 ** 20;
export const DIRECT_MAX_K = 4096;

/**
 * Small products: one kernel, one output per fragment, operands read in place.
 * The three extra passes of the packed path cost more than they save here.
 */
function directProduct(dev: GLDevice, p: MatmulPlan, outSize: number): GLHandle {
  const { M, N, K, batch, batchA, batchB, transposeA, transposeB } = p;
  const withBias = p.bias !== null;
  const key = `matmul1|${batch},${batchA},${batchB},${M},${N},${K}|${transposeA},${transposeB}|${withBias}`;
  const build = (): KernelSpec => {
    const aOff = `${batchA === 1 ? '' : `c0 * ${lit(M * K)} + `}${transposeA ? `k * ${lit(M)} + c1` : `c1 * ${lit(K)} + k`}`;
    const bOff = `${batchB === 1 ? '' : `c0 * ${lit(K * N)} + `}${transposeB ? `c2 * ${lit(K)} + k` : `k * ${lit(N)} + c2`}`;
    return {
      params: [
        { name: 'a', type: 'ArrayTexture(1)' },
        { name: 'b', type: 'ArrayTexture(1)' },
        ...(withBias ? [{ name: 'bias', type: 'ArrayTexture(1)' as const }] : []),
      ],
      body: `const t = this.thread.x;
${decode('c', 't', [batch, M, N])}let s = ${withBias ? 'pgFetch(bias, c2)' : '0.0'};
${blockedSum(K, ['s'], () => `sb = sb + pgFetch(a, ${aOff}) * pgFetch(b, ${bOff});`, 'k')}return s;`,
      texels: outSize,
      loopMax: K,
    };
  };
  const inputs = [p.a, p.b, ...(p.bias ? [p.bias] : [])];
  return dev.run(key, build, inputs, outSize, 'float32');
}

function product(dev: GLDevice, p: MatmulPlan, outSize: number): GLHandle {
  if (p.K <= DIRECT_MAX_K && p.batch * p.M * p.N * p.K <= DIRECT_MAX_WORK)
    return directProduct(dev, p, outSize);
  const maxSide = dev.ctx.info.maxTextureSize;
  const KQ = Math.ceil(p.K / 4);
  const fits =
    KQ <= maxSide &&
    Math.ceil(p.N / 2) <= maxSide &&
    p.batch * Math.ceil(p.M / 2) <= maxSide &&
    Math.max(p.batchA * 2 * Math.ceil(p.M / 2), p.batchB * 2 * Math.ceil(p.N / 2)) <= maxSide;
  let out: GLHandle;
  if (fits) {
    const packed = blockedProduct(dev, p);
    out = unblock(dev, packed, p.batch, p.M, p.N);
    packed.delete();
  } else {
    const packed = packedProduct(dev, p);
    out = unpack(dev, packed, p.batch * p.M, p.N, 'float32');
    packed.delete();
  }
  if (out.size !== outSize) throw new Error(`webgl matmul: produced ${out.size} values, expected ${outSize}`);
  return out;
}

export function matmul(dev: GLDevice, { a, b, transposeA, transposeB, out }: KernelArgs['matmul']): GLHandle {
  const n = sizeOf(out.shape);
  if (n === 0) return dev.wrap(null, 0, out.dtype);
  const [batch, M, N] = out.shape;
  const K = transposeA ? a.shape[1] : a.shape[2];
  if (K === 0) return mapKernel(dev, 'fill', out, [], 'return value;', [{ name: 'value', value: 0 }]);
  return product(
    dev,
    {
      a: dev.get(a.handle, 'matmul'),
      b: dev.get(b.handle, 'matmul'),
      bias: null,
      transposeA,
      transposeB,
      batch,
      batchA: a.shape[0],
      batchB: b.shape[0],
      M,
      N,
      K,
    },
    n,
  );
}

export function linear(dev: GLDevice, { x, weight, bias, out }: KernelArgs['linear']): GLHandle {
  const n = sizeOf(out.shape);
  if (n === 0) return dev.wrap(null, 0, out.dtype);
  const [M, K] = x.shape;
  const N = weight.shape[0];
  const hb = bias ? dev.get(bias.handle, 'linear') : null;
  if (K === 0) {
    if (!bias) return mapKernel(dev, 'fill', out, [], 'return value;', [{ name: 'value', value: 0 }]);
    return mapKernel(dev, 'copy', out, [{ handle: bias.handle, read: { strides: [0, 1] } }], 'return v0;');
  }
  return product(
    dev,
    {
      a: dev.get(x.handle, 'linear'),
      b: dev.get(weight.handle, 'linear'),
      bias: hb,
      transposeA: false,
      transposeB: true,
      batch: 1,
      batchA: 1,
      batchB: 1,
      M,
      N,
      K,
    },
    n,
  );
}
