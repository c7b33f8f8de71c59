/** Elementwise kernels: unary, binary, compare, select, cast, fill, range. */
import type { BinaryOp, CompareOp, DataHandle, KernelArgs, UnaryOp } from '@polygrad/core';
import { broadcastStrides, sizeOf, stridesOf } from '@polygrad/core';
import type { GLDevice } from '../device.js';
import { mapKernel } from './map.js';
import { expm1, log1p, pow, roundHalfEven, sinCos } from './math.js';

/**
 * NaN in, NaN out, before calling a builtin: SwiftShader's exp(NaN) is +Inf and
 * its log(NaN) a finite number.
 */
const NAN_IN = 'if (v0 != v0) { return v0; }\n';

/** Statements computing unary `op` of `v0`, ending in return. */
export function unaryBody(op: UnaryOp): string {
  switch (op) {
    case 'neg':
      return 'return -v0;';
    case 'abs':
      return 'return Math.abs(v0);';
    case 'sign':
      return 'if (v0 > 0.0) { return 1.0; }\nif (v0 < 0.0) { return -1.0; }\nreturn v0;';
    case 'exp':
      return `${NAN_IN}return Math.exp(v0);`;
    case 'log':
      return `${NAN_IN}if (v0 < 0.0) { return nan; }\nif (v0 == 0.0) { return -inf; }\nreturn Math.log(v0);`;
    case 'sqrt':
      return `${NAN_IN}if (v0 < 0.0) { return nan; }\nreturn Math.sqrt(v0);`;
    case 'rsqrt':
      return 'if (v0 < 0.0) { return nan; }\nif (v0 == 0.0) { return 1.0 / v0; }\nreturn 1.0 / Math.sqrt(v0);';
    case 'square':
      return 'return v0 * v0;';
    case 'reciprocal':
      return 'return 1.0 / v0;';
    case 'relu':
      return 'if (v0 > 0.0) { return v0; }\nif (v0 != v0) { return v0; }\nreturn 0.0;';
    case 'sigmoid':
      return 'if (v0 >= 0.0) { return 1.0 / (1.0 + Math.exp(-v0)); }\nconst e = Math.exp(v0);\nreturn e / (1.0 + e);';
    case 'tanh':
      // tanh(x) = -expm1(-2|x|) / (2 + expm1(-2|x|)), signed: no cancellation near 0, no overflow.
      return `if (v0 != v0) { return v0; }\nconst ax = Math.abs(v0);\nconst m2 = -2.0 * ax;\nlet em = 0.0;\n${expm1('em', 'm2', 'e_')}const th = -em / (2.0 + em);\nif (v0 < 0.0) { return -th; }\nreturn th;`;
    case 'softplus':
      return `if (v0 != v0) { return v0; }\nlet z = v0;\nif (v0 > 0.0) { z = -v0; }\nconst ez = Math.exp(z);\nlet l = 0.0;\n${log1p('l', 'ez', 'l_')}if (v0 > 0.0) { return v0 + l; }\nreturn l;`;
    case 'floor':
      return 'return Math.floor(v0);';
    case 'ceil':
      return 'return Math.ceil(v0);';
    case 'round':
      return `let r = 0.0;\n${roundHalfEven('r', 'v0', 'r_')}return r;`;
    case 'sin':
      return `${NAN_IN}if (Math.abs(v0) == inf) { return nan; }\nlet r = 0.0;\n${sinCos('r', 'v0', 's_', false)}return r;`;
    case 'cos':
      return `${NAN_IN}if (Math.abs(v0) == inf) { return nan; }\nlet r = 0.0;\n${sinCos('r', 'v0', 's_', true)}return r;`;
    case 'log1p':
      return `if (v0 < -1.0) { return nan; }\nif (v0 == -1.0) { return -inf; }\nlet l = 0.0;\n${log1p('l', 'v0', 'l_')}return l;`;
    case 'expm1':
      return `${NAN_IN}let r = 0.0;\n${expm1('r', 'v0', 'e_')}return r;`;
    case 'logicalNot':
      return 'return v0 == 0.0 ? 1.0 : 0.0;';
    case 'isNaN':
      return 'return v0 != v0 ? 1.0 : 0.0;';
    case 'isFinite':
      return 'return Math.abs(v0) < inf ? 1.0 : 0.0;';
  }
}

/** Statements computing binary `op` of `v0`, `v1`, ending in return. */
export function binaryBody(op: BinaryOp): string {
  switch (op) {
    case 'add':
      return 'return v0 + v1;';
    case 'sub':
      return 'return v0 - v1;';
    case 'mul':
      return 'return v0 * v1;';
    case 'div':
      return 'return v0 / v1;';
    case 'pow':
      return `let r = 0.0;\n${pow('r', 'v0', 'v1', 'p_')}return r;`;
    case 'maximum':
      return 'if (v0 > v1 || v0 != v0) { return v0; }\nreturn v1;';
    case 'minimum':
      return 'if (v0 < v1 || v0 != v0) { return v0; }\nreturn v1;';
    case 'logicalAnd':
      return 'return (v0 != 0.0 && v1 != 0.0) ? 1.0 : 0.0;';
    case 'logicalOr':
      return 'return (v0 != 0.0 || v1 != 0.0) ? 1.0 : 0.0;';
  }
}

const COMPARE: Record<CompareOp, string> = {
  equal: '==',
  notEqual: '!=',
  less: '<',
  lessEqual: '<=',
  greater: '>',
  greaterEqual: '>=',
};

function bcast(h: DataHandle, shape: readonly number[], out: readonly number[]) {
  return { handle: h, read: { strides: broadcastStrides(shape, out) } };
}

export function unary(dev: GLDevice, { op, x, out }: KernelArgs['unary']) {
  return mapKernel(dev, `unary:${op}`, out, [bcast(x.handle, x.shape, out.shape)], unaryBody(op));
}

export function binary(dev: GLDevice, { op, a, b, out }: KernelArgs['binary']) {
  // int32 products and sums are held in float (exact to 2^24, declared as 'float24').
  return mapKernel(
    dev,
    `binary:${op}`,
    out,
    [bcast(a.handle, a.shape, out.shape), bcast(b.handle, b.shape, out.shape)],
    binaryBody(op),
  );
}

export function compare(dev: GLDevice, { op, a, b, out }: KernelArgs['compare']) {
  return mapKernel(
    dev,
    `compare:${op}`,
    out,
    [bcast(a.handle, a.shape, out.shape), bcast(b.handle, b.shape, out.shape)],
    `return (v0 ${COMPARE[op]} v1) ? 1.0 : 0.0;`,
  );
}

export function select(dev: GLDevice, { cond, a, b, out }: KernelArgs['select']) {
  return mapKernel(
    dev,
    'select',
    out,
    [
      bcast(cond.handle, cond.shape, out.shape),
      bcast(a.handle, a.shape, out.shape),
      bcast(b.handle, b.shape, out.shape),
    ],
    'if (v0 != 0.0) { return v1; }\nreturn v2;',
  );
}

export function cast(dev: GLDevice, { x, out }: KernelArgs['cast']) {
  const read = [{ handle: x.handle, read: { strides: stridesOf(x.shape) } }];
  if (out.dtype === 'bool') return mapKernel(dev, 'cast:bool', out, read, 'return v0 != 0.0 ? 1.0 : 0.0;');
  if (out.dtype === 'int32' && (x.dtype === 'float32' || x.dtype === 'float64')) {
    // Truncate toward zero; NaN and ±Infinity give 0; out of range wraps modulo 2^32 (as float).
    return mapKernel(
      dev,
      'cast:int32',
      out,
      read,
      `if (!(Math.abs(v0) < inf)) { return 0.0; }
let r = Math.floor(Math.abs(v0));
if (v0 < 0.0) { r = -r; }
if (r >= 2147483648.0 || r < -2147483648.0) {
  r = r - 4294967296.0 * Math.floor((r + 2147483648.0) / 4294967296.0);
}
return r;`,
    );
  }
  return mapKernel(dev, 'cast:copy', out, read, 'return v0;');
}

export function fill(dev: GLDevice, { value, out }: KernelArgs['fill']) {
  return mapKernel(dev, 'fill', out, [], 'return value;', [{ name: 'value', value }]);
}

export function range(dev: GLDevice, { start, step, out }: KernelArgs['range']) {
  if (sizeOf(out.shape) === 0) return dev.wrap(null, 0, out.dtype);
  return mapKernel(dev, 'range', out, [], 'return start + t * step;', [
    { name: 'start', value: start },
    { name: 'step', value: step },
  ]);
}
