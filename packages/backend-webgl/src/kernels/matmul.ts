/**
 * Batched matmul (and the fused linear layer) with packed output: each
 * fragment computes four adjacent columns of one output row and writes them
 * as one RGBA texel, so every A element it reads feeds four products. A second
 * kernel unpacks the texels into the flat layout every other kernel reads.
 * Operands are read in place with their transpose flags (never materialised);
 * inner dimensions longer than K_CHUNK are split into passes that add up
 * (llvmpipe runs at most 65,535 loop iterations per fragment).
 */
import type { KernelArgs } from '@polygrad/core';
import { sizeOf } from '@polygrad/core';
import { decode, lit } from '../codegen.js';
import type { GLDevice, GLHandle, KernelSpec } from '../device.js';
import type { GpuTexture } from '../gl/gpu-types.js';
import { mapKernel } from './map.js';

export const K_CHUNK = 16384;

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

/** Runs the packed product (all K passes) and returns the packed texture of [batch, M, ceil(N/4)] texels. */
function packedProduct(dev: GLDevice, p: MatmulPlan): GpuTexture {
  const { M, N, K, batch, batchA, batchB, transposeA, transposeB } = p;
  const NQ = Math.ceil(N / 4);
  const texels = batch * M * NQ;
  const aOff = (k: string) =>
    `${batchA === 1 ? '' : `c0 * ${lit(M * K)} + `}${transposeA ? `${k} * ${lit(M)} + c1` : `c1 * ${lit(K)} + ${k}`}`;
  const bOff = (k: string, n: string) =>
    `${batchB === 1 ? '' : `c0 * ${lit(K * N)} + `}${transposeB ? `${n} * ${lit(K)} + ${k}` : `${k} * ${lit(N)} + ${n}`}`;
  let prev: GpuTexture | null = null;
  for (let k0 = 0; k0 < K; k0 += K_CHUNK) {
    const kn = Math.min(K_CHUNK, K - k0);
    const withPrev = prev !== null;
    const withBias = p.bias !== null && !withPrev;
    const key = `matmul|${batch},${batchA},${batchB},${M},${N},${K}|${transposeA},${transposeB}|${k0}+${kn}|${withPrev},${withBias}`;
    const build = (): KernelSpec => {
      const cols = [0, 1, 2, 3].map((c) => `n${c}`);
      const lines = [
        'const t = this.thread.x;',
        decode('c', 't', [batch, M, NQ]),
        ...cols.map((n, c) => `const ${n} = Math.min(c2 * 4.0 + ${lit(c)}, ${lit(N - 1)});`),
        ...cols.map((_, c) => `let s${c} = 0.0;`),
        withPrev ? 'const q = prev[t];' : '',
        ...(withPrev ? cols.map((_, c) => `s${c} = q[${c}];`) : []),
        ...(withBias ? cols.map((n, c) => `s${c} = bias[${n}];`) : []),
        `for (let i = 0; i < ${kn}; i++) {`,
        `  const k = ${lit(k0)} + i;`,
        `  const av = a[${aOff('k')}];`,
        ...cols.map((n, c) => `  s${c} = s${c} + av * b[${bOff('k', n)}];`),
        '}',
        'return [s0, s1, s2, s3];',
      ];
      return {
        params: [
          { name: 'a', type: 'ArrayTexture(1)' },
          { name: 'b', type: 'ArrayTexture(1)' },
          ...(withBias ? [{ name: 'bias', type: 'ArrayTexture(1)' as const }] : []),
          ...(withPrev ? [{ name: 'prev', type: 'ArrayTexture(4)' as const }] : []),
        ],
        body: lines.filter((l) => l !== '').join('\n'),
        texels,
        returnType: 'Array(4)',
        loopMax: kn,
      };
    };
    const inputs: (GLHandle | GpuTexture)[] = [p.a, p.b];
    if (withBias && p.bias) inputs.push(p.bias);
    const next = dev.runTexture(key, build, prev ? [...inputs, prev] : inputs);
    if (prev) prev.delete();
    prev = next;
  }
  return prev as GpuTexture;
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
const v = p[c0 * ${lit(NQ)} + q];
if (ch < 0.5) { return v[0]; }
if (ch < 1.5) { return v[1]; }
if (ch < 2.5) { return v[2]; }
return v[3];`,
    texels: n,
  });
  return dev.wrap(dev.runTexture(key, build, [packed]), n, dtype);
}

function product(dev: GLDevice, p: MatmulPlan, outSize: number): GLHandle {
  const packed = packedProduct(dev, p);
  const out = unpack(dev, packed, p.batch * p.M, p.N, 'float32');
  packed.delete();
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
