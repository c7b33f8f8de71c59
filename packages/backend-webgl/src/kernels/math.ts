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
