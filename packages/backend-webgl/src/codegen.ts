/**
 * Source generation for gpu.js kernels. Shapes, strides and constants are
 * written into the source as literals (they are part of the kernel cache key),
 * so index arithmetic compiles to constants.
 *
 * Index math is done in float (GLSL ES 1.0 only promises 17-bit ints; float is
 * exact to 2^24, past the largest texture gpu.js can address here), with an
 * exact correction after each division because GPU division is not correctly
 * rounded.
 */
import { collapse, stridesOf } from '@polygrad/core';

/** A finite number as a float literal of the gpu.js dialect; ±Infinity and NaN as the run-time uniforms. */
export function lit(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '(-inf)';
  if (Object.is(x, -0)) return '(-0.0)';
  const s = Number.isInteger(x) && Math.abs(x) < 1e21 ? `${x}.0` : String(x);
  return x < 0 ? `(${s})` : s;
}

/**
 * Statements declaring `${p}0 .. ${p}{r-1}`, the coordinates of flat index
 * `idx` (a float variable) over `shape` (row-major).
 */
export function decode(p: string, idx: string, shape: readonly number[]): string {
  const r = shape.length;
  if (r === 0) return '';
  if (r === 1) return `const ${p}0 = ${idx};\n`;
  const lines: string[] = [`let ${p}_rem = ${idx};`];
  for (let d = r - 1; d >= 1; d--) {
    const s = lit(shape[d]);
    lines.push(
      `let ${p}_q${d} = Math.floor((${p}_rem + 0.5) / ${s});`,
      `let ${p}${d} = ${p}_rem - ${p}_q${d} * ${s};`,
      `if (${p}${d} < 0.0) { ${p}_q${d} = ${p}_q${d} - 1.0; ${p}${d} = ${p}${d} + ${s}; }`,
      `if (${p}${d} >= ${s}) { ${p}_q${d} = ${p}_q${d} + 1.0; ${p}${d} = ${p}${d} - ${s}; }`,
      `${p}_rem = ${p}_q${d};`,
    );
  }
  lines.push(`const ${p}0 = ${p}_rem;`);
  return `${lines.join('\n')}\n`;
}

/** `base + Σ p_d * strides[d]` as an expression (coordinates from `decode`). */
export function offsetExpr(p: string, strides: readonly number[], base = 0): string {
  const terms: string[] = [];
  if (base !== 0) terms.push(lit(base));
  strides.forEach((s, d) => {
    if (s === 0) return;
    terms.push(s === 1 ? `${p}${d}` : `${p}${d} * ${lit(s)}`);
  });
  return terms.length === 0 ? '0.0' : terms.join(' + ');
}

/** An input of a strided map: a texture read at `base + Σ coord_d * strides[d]` (strides over the output shape). */
export interface StridedRead {
  readonly strides: readonly number[];
  readonly base?: number;
}

/**
 * Statements that declare `v0 .. v{k-1}`, the values of each input read for
 * output element `t` (a float variable), over `shape`; inputs are the
 * arguments `a0 .. a{k-1}`. Dims are collapsed first, and inputs laid out like
 * the output read at `t` directly. Returns the statements and the collapsed
 * layout (which the cache key must include).
 */
export function stridedReads(
  shape: readonly number[],
  reads: readonly StridedRead[],
): { code: string; layout: string } {
  const dense = stridesOf(shape);
  const c = collapse(shape, [dense, ...reads.map((r) => r.strides)]);
  const outStrides = c.strides[0];
  const lines: string[] = [];
  let decoded = false;
  const layout: string[] = [c.shape.join(',')];
  reads.forEach((r, j) => {
    const s = c.strides[j + 1];
    const base = r.base ?? 0;
    layout.push(`${s.join(',')}@${base}`);
    const same = base === 0 && s.every((v, d) => v === outStrides[d]);
    if (same) {
      lines.push(`const v${j} = pgFetch(a${j}, t);`);
      return;
    }
    if (!decoded && s.some((v) => v !== 0)) {
      lines.push(decode('c', 't', c.shape));
      decoded = true;
    }
    lines.push(`const v${j} = pgFetch(a${j}, ${offsetExpr('c', s, base)});`);
  });
  return { code: lines.join('\n'), layout: layout.join('|') };
}

/**
 * Terms per block of a blocked sum. A float32 sum accumulated serially over k
 * terms has an error growing with its running total (≈ k·ε·mean); summing
 * blocks of SUM_BLOCK terms and then the blocks keeps it near
 * (SUM_BLOCK + k/SUM_BLOCK)·ε, inside the conformance model's √k·ε·scale.
 */
export const SUM_BLOCK = 64;

/**
 * A loop over i in [0, n) for a sum: `body(i)` adds its terms into the block
 * accumulators `${acc}b` (declared here, zeroed per block); each block is then
 * added into `acc` (declared by the caller). `p` prefixes the loop variables.
 */
export function blockedSum(
  n: number,
  accs: readonly string[],
  body: (i: string) => string,
  p: string,
): string {
  if (n <= SUM_BLOCK) {
    return `${accs.map((a) => `let ${a}b = 0.0;`).join('\n')}
for (let ${p}i = 0; ${p}i < ${n}; ${p}i++) {
  const ${p} = ${p}i;
${body(p)}
}
${accs.map((a) => `${a} = ${a} + ${a}b;`).join('\n')}
`;
  }
  const blocks = Math.ceil(n / SUM_BLOCK);
  const guard = n % SUM_BLOCK !== 0;
  return `for (let ${p}o = 0; ${p}o < ${blocks}; ${p}o++) {
${accs.map((a) => `  let ${a}b = 0.0;`).join('\n')}
  for (let ${p}i = 0; ${p}i < ${SUM_BLOCK}; ${p}i++) {
    const ${p} = ${p}o * ${lit(SUM_BLOCK)} + ${p}i;
    ${guard ? `if (${p} < ${lit(n)}) {` : '{'}
${body(p)}
    }
  }
${accs.map((a) => `  ${a} = ${a} + ${a}b;`).join('\n')}
}
`;
}
