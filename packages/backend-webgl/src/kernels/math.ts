/**
 * Scalar math written out in the gpu.js dialect, for the functions GLSL lacks
 * or gets wrong for this contract: NaN must propagate (GLSL `max` drops it),
 * `round` is half-to-even, `pow` follows JavaScript's special cases, and the
 * small-argument forms (expm1, log1p) avoid cancellation.
 *
 * Each function returns statements that assign `out` (declared by the caller
 * with `let`) from the variable `x` (and `y`), using only names with the
 * given prefix for temporaries.
 */

/** e^x - 1 without cancellation near 0 (Taylor to x^9 for |x| < 0.5). */
export function expm1(out: string, x: string, p: string): string {
  return `if (Math.abs(${x}) < 0.5) {
  let ${p}h = 1.0 + ${x} / 9.0;
  ${p}h = 1.0 + ${x} / 8.0 * ${p}h;
  ${p}h = 1.0 + ${x} / 7.0 * ${p}h;
  ${p}h = 1.0 + ${x} / 6.0 * ${p}h;
  ${p}h = 1.0 + ${x} / 5.0 * ${p}h;
  ${p}h = 1.0 + ${x} / 4.0 * ${p}h;
  ${p}h = 1.0 + ${x} / 3.0 * ${p}h;
  ${p}h = 1.0 + ${x} / 2.0 * ${p}h;
  ${out} = ${x} * ${p}h;
} else {
  ${out} = Math.exp(${x}) - 1.0;
}
`;
}

/** log(1 + x) without losing x's low digits: log(u) * x / (u - 1) with u = 1 + x. */
export function log1p(out: string, x: string, p: string): string {
  return `let ${p}u = 1.0 + ${x};
if (${p}u == 1.0) {
  ${out} = ${x};
} else {
  if (${p}u == inf) {
    ${out} = inf;
  } else {
    ${out} = Math.log(${p}u) * (${x} / (${p}u - 1.0));
  }
}
`;
}

/** x^y with JavaScript's rules (`**`); exact repeated squaring for integer |y| <= 64. */
export function pow(out: string, x: string, y: string, p: string): string {
  return `const ${p}ax = Math.abs(${x});
const ${p}ay = Math.abs(${y});
let ${p}int = 0.0;
if (Math.floor(${y}) == ${y}) { ${p}int = 1.0; }
let ${p}odd = 0.0;
if (${p}int == 1.0 && ${p}ay < 16777216.0 && ${p}ay - 2.0 * Math.floor(${p}ay / 2.0) == 1.0) { ${p}odd = 1.0; }
if (${y} == 0.0) {
  ${out} = 1.0;
} else if (${x} != ${x} || ${y} != ${y}) {
  ${out} = nan;
} else if (${p}ay == inf) {
  if (${p}ax == 1.0) {
    ${out} = nan;
  } else {
    ${out} = (${p}ax > 1.0) == (${y} > 0.0) ? inf : 0.0;
  }
} else if (${x} == 0.0) {
  if (${y} > 0.0) {
    ${out} = ${p}odd == 1.0 ? ${x} : 0.0;
  } else {
    ${out} = ${p}odd == 1.0 ? 1.0 / ${x} : inf;
  }
} else if (${p}ax == inf) {
  if (${y} > 0.0) {
    ${out} = (${x} < 0.0 && ${p}odd == 1.0) ? (-inf) : inf;
  } else {
    ${out} = (${x} < 0.0 && ${p}odd == 1.0) ? (-0.0) : 0.0;
  }
} else if (${x} < 0.0 && ${p}int == 0.0) {
  ${out} = nan;
} else {
  let ${p}r = 1.0;
  if (${p}int == 1.0 && ${p}ay <= 64.0) {
    let ${p}e = ${p}ay;
    let ${p}b = ${p}ax;
    for (let ${p}i = 0; ${p}i < 7; ${p}i++) {
      const ${p}half = Math.floor(${p}e / 2.0);
      if (${p}e - 2.0 * ${p}half == 1.0) {
        ${p}r = ${p}r * ${p}b;
      }
      ${p}b = ${p}b * ${p}b;
      ${p}e = ${p}half;
    }
    if (${y} < 0.0) {
      ${p}r = 1.0 / ${p}r;
    }
  } else {
    ${p}r = Math.pow(${p}ax, ${y});
  }
  ${out} = (${x} < 0.0 && ${p}odd == 1.0) ? -${p}r : ${p}r;
}
`;
}

/** Round half to even (floor(x + 0.5), moved down when that lands on an odd integer from an exact half). */
export function roundHalfEven(out: string, x: string, p: string): string {
  return `if (Math.abs(${x}) >= 8388608.0 || ${x} != ${x}) {
  ${out} = ${x};
} else {
  let ${p}r = Math.floor(${x} + 0.5);
  if (${p}r - ${x} == 0.5 && ${p}r - 2.0 * Math.floor(${p}r / 2.0) != 0.0) {
    ${p}r = ${p}r - 1.0;
  }
  ${out} = ${p}r == 0.0 && ${x} < 0.0 ? (-0.0) : ${p}r;
}
`;
}

/**
 * sin or cos to a few float32 ulps for |x| up to ~8192 (Cephes sinf/cosf):
 * octant reduction by π/4 in three parts (the first two exact in float32),
 * then the sine or cosine minimax polynomial on [-π/4, π/4]. Software GL's
 * builtins are not that accurate (SwiftShader's sin is off by ~1e-4).
 */
export function sinCos(out: string, x: string, p: string, cos: boolean): string {
  return `const ${p}ax = Math.abs(${x});
let ${p}j = Math.floor(${p}ax * 1.2732395447351628);
if (${p}j - 2.0 * Math.floor(${p}j / 2.0) == 1.0) { ${p}j = ${p}j + 1.0; }
const ${p}y = ${p}j;
${p}j = ${p}j - 8.0 * Math.floor(${p}j / 8.0);
let ${p}sign = ${cos ? '1.0' : `${x} < 0.0 ? -1.0 : 1.0`};
if (${p}j > 3.0) { ${p}j = ${p}j - 4.0; ${p}sign = -${p}sign; }
${cos ? `if (${p}j > 1.0) { ${p}sign = -${p}sign; }` : ''}
const ${p}r = ((${p}ax - ${p}y * 0.78515625) - ${p}y * 2.4187564849853515625e-4) - ${p}y * 3.77489497744594108e-8;
const ${p}z = ${p}r * ${p}r;
const ${p}c = ((2.443315711809948e-5 * ${p}z - 1.388731625493765e-3) * ${p}z + 4.166664568298827e-2) * ${p}z * ${p}z - 0.5 * ${p}z + 1.0;
const ${p}s = ((-1.9515295891e-4 * ${p}z + 8.3321608736e-3) * ${p}z - 1.6666654611e-1) * ${p}z * ${p}r + ${p}r;
if (${p}j == ${cos ? '2.0' : '0.0'}) {
  ${out} = ${p}sign * ${p}s;
} else {
  ${out} = ${p}sign * ${p}c;
}
`;
}
