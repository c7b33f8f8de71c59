/**
 * Elementwise kernels: unary math, binary math and comparisons with
 * broadcasting, select, cast, fill, range. Float32 arithmetic that IEEE
 * rounds identically in single precision (+ − × ÷ √, min/max, rounding) runs
 * four lanes at a time; transcendental functions are computed in float64 and
 * rounded once on store, as the CPU reference does.
 */
import { elemSize, F32, F64, I32, loadAsF64, powJs, toInt32, U8 } from './common';
import { eachRun } from './loop';

// ---- per-call state of the run bodies (module globals are per thread) ----
let gO: usize = 0;
let gA: usize = 0;
let gB: usize = 0;
let gC: usize = 0;
let gOp: i32 = 0;

// ---------------------------------------------------------------- unary ----

export const U_NEG: i32 = 0;
export const U_ABS: i32 = 1;
export const U_SIGN: i32 = 2;
export const U_EXP: i32 = 3;
export const U_LOG: i32 = 4;
export const U_SQRT: i32 = 5;
export const U_RSQRT: i32 = 6;
export const U_SQUARE: i32 = 7;
export const U_RECIPROCAL: i32 = 8;
export const U_RELU: i32 = 9;
export const U_SIGMOID: i32 = 10;
export const U_TANH: i32 = 11;
export const U_SOFTPLUS: i32 = 12;
export const U_FLOOR: i32 = 13;
export const U_CEIL: i32 = 14;
export const U_ROUND: i32 = 15;
export const U_SIN: i32 = 16;
export const U_COS: i32 = 17;
export const U_LOG1P: i32 = 18;
export const U_EXPM1: i32 = 19;
export const U_LOGICAL_NOT: i32 = 20;
export const U_IS_NAN: i32 = 21;
export const U_IS_FINITE: i32 = 22;

/** Stable logistic function. */
@inline
export function sigmoid64(v: f64): f64 {
  if (v >= 0) return 1.0 / (1.0 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1.0 + e);
}

/** Stable log(1 + exp(v)). */
@inline
export function softplus64(v: f64): f64 {
  return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
}

/** Float unary ops without a SIMD form, in float64. */
@inline
function unaryScalar(op: i32, v: f64): f64 {
  switch (op) {
    case U_SIGN:
      return v > 0 ? 1.0 : v < 0 ? -1.0 : v;
    case U_EXP:
      return Math.exp(v);
    case U_LOG:
      return Math.log(v);
    case U_RSQRT:
      return 1.0 / Math.sqrt(v);
    case U_SIGMOID:
      return sigmoid64(v);
    case U_TANH:
      return Math.tanh(v);
    case U_SOFTPLUS:
      return softplus64(v);
    case U_SIN:
      return Math.sin(v);
    case U_COS:
      return Math.cos(v);
    case U_LOG1P:
      return Math.log1p(v);
    case U_EXPM1:
      return Math.expm1(v);
    default:
      return v;
  }
}

class VNeg<T> {
  @inline v(a: v128): v128 {
    return v128.neg<T>(a);
  }
}
class VAbs<T> {
  @inline v(a: v128): v128 {
    return v128.abs<T>(a);
  }
}
class VSqrt<T> {
  @inline v(a: v128): v128 {
    return v128.sqrt<T>(a);
  }
}
class VSquare<T> {
  @inline v(a: v128): v128 {
    return v128.mul<T>(a, a);
  }
}
class VReciprocal<T> {
  @inline v(a: v128): v128 {
    return v128.div<T>(v128.splat<T>(<T>1), a);
  }
}
class VRelu<T> {
  // max propagates NaN, as relu must
  @inline v(a: v128): v128 {
    return v128.max<T>(a, v128.splat<T>(<T>0));
  }
}
class VFloor<T> {
  @inline v(a: v128): v128 {
    return v128.floor<T>(a);
  }
}
class VCeil<T> {
  @inline v(a: v128): v128 {
    return v128.ceil<T>(a);
  }
}
class VRound<T> {
  @inline v(a: v128): v128 {
    return v128.nearest<T>(a);
  }
}

/** `o[i] = op(x[i])` for float T with a SIMD form of op; the tail runs the same op on one lane. */
@inline
function unaryVec<T, Op>(x: usize, o: usize, start: i32, end: i32): void {
  const op = changetype<Op>(0);
  const sz = <usize>sizeof<T>();
  const w: i32 = 16 / <i32>sz;
  let i = start;
  for (; i + w <= end; i += w) {
    const off = <usize>i * sz;
    v128.store(o + off, op.v(v128.load(x + off)));
  }
  for (; i < end; i++) {
    const off = <usize>i * sz;
    const r = op.v(v128.splat<T>(load<T>(x + off)));
    store<T>(o + off, v128.extract_lane<T>(r, 0));
  }
}

function unaryFloat<T>(op: i32, x: usize, o: usize, start: i32, end: i32): void {
  switch (op) {
    case U_NEG:
      unaryVec<T, VNeg<T>>(x, o, start, end);
      return;
    case U_ABS:
      unaryVec<T, VAbs<T>>(x, o, start, end);
      return;
    case U_SQRT:
      unaryVec<T, VSqrt<T>>(x, o, start, end);
      return;
    case U_SQUARE:
      unaryVec<T, VSquare<T>>(x, o, start, end);
      return;
    case U_RECIPROCAL:
      unaryVec<T, VReciprocal<T>>(x, o, start, end);
      return;
    case U_RELU:
      unaryVec<T, VRelu<T>>(x, o, start, end);
      return;
    case U_FLOOR:
      unaryVec<T, VFloor<T>>(x, o, start, end);
      return;
    case U_CEIL:
      unaryVec<T, VCeil<T>>(x, o, start, end);
      return;
    case U_ROUND:
      unaryVec<T, VRound<T>>(x, o, start, end);
      return;
    case U_IS_NAN:
      for (let i = start; i < end; i++) {
        const v = load<T>(x + <usize>i * sizeof<T>());
        store<u8>(o + <usize>i, isNaN(v) ? 1 : 0);
      }
      return;
    case U_IS_FINITE:
      for (let i = start; i < end; i++) {
        const v = load<T>(x + <usize>i * sizeof<T>());
        store<u8>(o + <usize>i, isFinite(v) ? 1 : 0);
      }
      return;
    default:
      for (let i = start; i < end; i++) {
        const off = <usize>i * sizeof<T>();
        store<T>(o + off, <T>unaryScalar(op, <f64>load<T>(x + off)));
      }
  }
}

/** Integer (int32 or bool) inputs: neg, abs, sign, square, logicalNot, isNaN, isFinite. */
function unaryInt<T>(op: i32, x: usize, o: usize, start: i32, end: i32): void {
  const sz = <usize>sizeof<T>();
  for (let i = start; i < end; i++) {
    const v = <i32>load<T>(x + <usize>i * sz);
    let r: i32 = v;
    switch (op) {
      case U_NEG:
        r = -v;
        break;
      case U_ABS:
        r = v < 0 ? -v : v;
        break;
      case U_SIGN:
        r = v > 0 ? 1 : v < 0 ? -1 : 0;
        break;
      case U_SQUARE:
        r = v * v;
        break;
      case U_LOGICAL_NOT:
        r = v == 0 ? 1 : 0;
        break;
      case U_IS_NAN:
        r = 0;
        break;
      case U_IS_FINITE:
        r = 1;
        break;
      default:
        r = v;
    }
    if (op == U_LOGICAL_NOT || op == U_IS_NAN || op == U_IS_FINITE) store<u8>(o + <usize>i, <u8>r);
    else store<T>(o + <usize>i * sz, <T>r);
  }
}

/** `o[i] = op(x[i])` for i in [start, end); x and o dense. */
export function unary(op: i32, dtype: i32, x: usize, o: usize, start: i32, end: i32): void {
  if (dtype == F32) unaryFloat<f32>(op, x, o, start, end);
  else if (dtype == F64) unaryFloat<f64>(op, x, o, start, end);
  else if (dtype == I32) unaryInt<i32>(op, x, o, start, end);
  else unaryInt<u8>(op, x, o, start, end);
}

// --------------------------------------------------------------- binary ----

export const B_ADD: i32 = 0;
export const B_SUB: i32 = 1;
export const B_MUL: i32 = 2;
export const B_DIV: i32 = 3;
export const B_POW: i32 = 4;
export const B_MAXIMUM: i32 = 5;
export const B_MINIMUM: i32 = 6;
export const B_LOGICAL_AND: i32 = 7;
export const B_LOGICAL_OR: i32 = 8;

class VAdd<T> {
  @inline v(a: v128, b: v128): v128 {
    return v128.add<T>(a, b);
  }
}
class VSub<T> {
  @inline v(a: v128, b: v128): v128 {
    return v128.sub<T>(a, b);
  }
}
class VMul<T> {
  @inline v(a: v128, b: v128): v128 {
    return v128.mul<T>(a, b);
  }
}
class VDiv<T> {
  @inline v(a: v128, b: v128): v128 {
    return v128.div<T>(a, b);
  }
}
class VMax<T> {
  @inline v(a: v128, b: v128): v128 {
    return v128.max<T>(a, b);
  }
}
class VMin<T> {
  @inline v(a: v128, b: v128): v128 {
    return v128.min<T>(a, b);
  }
}

/** One run of a SIMD-able binary op: dense, scalar-broadcast or general strides. */
@inline
function binaryRunVec<T, Op>(o: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  const op = changetype<Op>(0);
  const sz = <usize>sizeof<T>();
  const w: i32 = 16 / <i32>sz;
  let i = 0;
  if (sa == 1 && sb == 1) {
    for (; i + w <= n; i += w) {
      const off = <usize>i * sz;
      v128.store(o + off, op.v(v128.load(a + off), v128.load(b + off)));
    }
  } else if (sa == 1 && sb == 0) {
    const bv = v128.splat<T>(load<T>(b));
    for (; i + w <= n; i += w) {
      const off = <usize>i * sz;
      v128.store(o + off, op.v(v128.load(a + off), bv));
    }
  } else if (sa == 0 && sb == 1) {
    const av = v128.splat<T>(load<T>(a));
    for (; i + w <= n; i += w) {
      const off = <usize>i * sz;
      v128.store(o + off, op.v(av, v128.load(b + off)));
    }
  }
  for (; i < n; i++) {
    const r = op.v(
      v128.splat<T>(load<T>(a + <usize>(i * sa) * sz)),
      v128.splat<T>(load<T>(b + <usize>(i * sb) * sz)),
    );
    store<T>(o + <usize>i * sz, v128.extract_lane<T>(r, 0));
  }
}

function binaryRunFloat<T>(op: i32, o: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  switch (op) {
    case B_ADD:
      binaryRunVec<T, VAdd<T>>(o, a, sa, b, sb, n);
      return;
    case B_SUB:
      binaryRunVec<T, VSub<T>>(o, a, sa, b, sb, n);
      return;
    case B_MUL:
      binaryRunVec<T, VMul<T>>(o, a, sa, b, sb, n);
      return;
    case B_DIV:
      binaryRunVec<T, VDiv<T>>(o, a, sa, b, sb, n);
      return;
    case B_MAXIMUM:
      binaryRunVec<T, VMax<T>>(o, a, sa, b, sb, n);
      return;
    case B_MINIMUM:
      binaryRunVec<T, VMin<T>>(o, a, sa, b, sb, n);
      return;
    default: {
      // pow (logical ops never reach float tensors)
      const sz = <usize>sizeof<T>();
      for (let i = 0; i < n; i++) {
        const x = <f64>load<T>(a + <usize>(i * sa) * sz);
        const y = <f64>load<T>(b + <usize>(i * sb) * sz);
        store<T>(o + <usize>i * sz, <T>powJs(x, y));
      }
    }
  }
}

function binaryRunInt(op: i32, o: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  switch (op) {
    case B_ADD:
      binaryRunVec<i32, VAdd<i32>>(o, a, sa, b, sb, n);
      return;
    case B_SUB:
      binaryRunVec<i32, VSub<i32>>(o, a, sa, b, sb, n);
      return;
    case B_MUL:
      binaryRunVec<i32, VMul<i32>>(o, a, sa, b, sb, n);
      return;
    case B_MAXIMUM:
      binaryRunVec<i32, VMax<i32>>(o, a, sa, b, sb, n);
      return;
    case B_MINIMUM:
      binaryRunVec<i32, VMin<i32>>(o, a, sa, b, sb, n);
      return;
    default:
      for (let i = 0; i < n; i++) {
        const x = load<i32>(a + (<usize>(i * sa) << 2));
        const y = load<i32>(b + (<usize>(i * sb) << 2));
        let r: i32 = 0;
        if (op == B_DIV) r = toInt32(<f64>x / <f64>y);
        else if (op == B_POW) r = toInt32(powJs(<f64>x, <f64>y));
        else if (op == B_LOGICAL_AND) r = x != 0 && y != 0 ? 1 : 0;
        else r = x != 0 || y != 0 ? 1 : 0;
        store<i32>(o + (<usize>i << 2), r);
      }
  }
}

/** Bool operands: arithmetic in int32, results kept 0/1 (add acts as logical or). */
function binaryRunBool(op: i32, o: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  for (let i = 0; i < n; i++) {
    const x = <i32>load<u8>(a + <usize>(i * sa));
    const y = <i32>load<u8>(b + <usize>(i * sb));
    let r: i32 = 0;
    switch (op) {
      case B_ADD:
        r = x + y;
        break;
      case B_SUB:
        r = x - y;
        break;
      case B_MUL:
        r = x * y;
        break;
      case B_DIV:
        r = <i32>(<f64>x / <f64>y != 0);
        break;
      case B_POW:
        r = <i32>(powJs(<f64>x, <f64>y) != 0);
        break;
      case B_MAXIMUM:
        r = x > y ? x : y;
        break;
      case B_MINIMUM:
        r = x < y ? x : y;
        break;
      case B_LOGICAL_AND:
        r = x & y;
        break;
      default:
        r = x | y;
    }
    store<u8>(o + <usize>i, r != 0 ? 1 : 0);
  }
}

class BinaryF32 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, _o3: i32, _s0: i32, s1: i32, s2: i32, _s3: i32): void {
    binaryRunFloat<f32>(gOp, gO + (<usize>o0 << 2), gA + (<usize>o1 << 2), s1, gB + (<usize>o2 << 2), s2, n);
  }
}
class BinaryF64 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, _o3: i32, _s0: i32, s1: i32, s2: i32, _s3: i32): void {
    binaryRunFloat<f64>(gOp, gO + (<usize>o0 << 3), gA + (<usize>o1 << 3), s1, gB + (<usize>o2 << 3), s2, n);
  }
}
class BinaryI32 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, _o3: i32, _s0: i32, s1: i32, s2: i32, _s3: i32): void {
    binaryRunInt(gOp, gO + (<usize>o0 << 2), gA + (<usize>o1 << 2), s1, gB + (<usize>o2 << 2), s2, n);
  }
}
class BinaryU8 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, _o3: i32, _s0: i32, s1: i32, s2: i32, _s3: i32): void {
    binaryRunBool(gOp, gO + <usize>o0, gA + <usize>o1, s1, gB + <usize>o2, s2, n);
  }
}

/** `o = a op b` over the loop descriptor `desc`, output elements [start, end). */
export function binary(op: i32, dtype: i32, a: usize, b: usize, o: usize, desc: usize, start: i32, end: i32): void {
  gOp = op;
  gA = a;
  gB = b;
  gO = o;
  if (dtype == F32) eachRun<BinaryF32>(desc, start, end);
  else if (dtype == F64) eachRun<BinaryF64>(desc, start, end);
  else if (dtype == I32) eachRun<BinaryI32>(desc, start, end);
  else eachRun<BinaryU8>(desc, start, end);
}

// -------------------------------------------------------------- compare ----

export const C_EQUAL: i32 = 0;
export const C_NOT_EQUAL: i32 = 1;
export const C_LESS: i32 = 2;
export const C_LESS_EQUAL: i32 = 3;
export const C_GREATER: i32 = 4;
export const C_GREATER_EQUAL: i32 = 5;

@inline
function compareRun<T>(op: i32, o: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  const sz = <usize>sizeof<T>();
  for (let i = 0; i < n; i++) {
    const x = load<T>(a + <usize>(i * sa) * sz);
    const y = load<T>(b + <usize>(i * sb) * sz);
    let r = false;
    switch (op) {
      case C_EQUAL:
        r = x == y;
        break;
      case C_NOT_EQUAL:
        r = x != y;
        break;
      case C_LESS:
        r = x < y;
        break;
      case C_LESS_EQUAL:
        r = x <= y;
        break;
      case C_GREATER:
        r = x > y;
        break;
      default:
        r = x >= y;
    }
    store<u8>(o + <usize>i, r ? 1 : 0);
  }
}

function compareRunF32(op: i32, o: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  compareRun<f32>(op, o, a, sa, b, sb, n);
}
function compareRunF64(op: i32, o: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  compareRun<f64>(op, o, a, sa, b, sb, n);
}
function compareRunI32(op: i32, o: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  compareRun<i32>(op, o, a, sa, b, sb, n);
}
function compareRunU8(op: i32, o: usize, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  compareRun<u8>(op, o, a, sa, b, sb, n);
}

class CompareF32 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, _o3: i32, _s0: i32, s1: i32, s2: i32, _s3: i32): void {
    compareRunF32(gOp, gO + <usize>o0, gA + (<usize>o1 << 2), s1, gB + (<usize>o2 << 2), s2, n);
  }
}
class CompareF64 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, _o3: i32, _s0: i32, s1: i32, s2: i32, _s3: i32): void {
    compareRunF64(gOp, gO + <usize>o0, gA + (<usize>o1 << 3), s1, gB + (<usize>o2 << 3), s2, n);
  }
}
class CompareI32 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, _o3: i32, _s0: i32, s1: i32, s2: i32, _s3: i32): void {
    compareRunI32(gOp, gO + <usize>o0, gA + (<usize>o1 << 2), s1, gB + (<usize>o2 << 2), s2, n);
  }
}
class CompareU8 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, _o3: i32, _s0: i32, s1: i32, s2: i32, _s3: i32): void {
    compareRunU8(gOp, gO + <usize>o0, gA + <usize>o1, s1, gB + <usize>o2, s2, n);
  }
}

/** bool `o = a op b` over `desc`, output elements [start, end). */
export function compare(op: i32, dtype: i32, a: usize, b: usize, o: usize, desc: usize, start: i32, end: i32): void {
  gOp = op;
  gA = a;
  gB = b;
  gO = o;
  if (dtype == F32) eachRun<CompareF32>(desc, start, end);
  else if (dtype == F64) eachRun<CompareF64>(desc, start, end);
  else if (dtype == I32) eachRun<CompareI32>(desc, start, end);
  else eachRun<CompareU8>(desc, start, end);
}

// --------------------------------------------------------------- select ----

@inline
function selectRun<T>(o: usize, c: usize, sc: i32, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  const sz = <usize>sizeof<T>();
  for (let i = 0; i < n; i++) {
    const pick = load<u8>(c + <usize>(i * sc)) != 0;
    const v = pick ? load<T>(a + <usize>(i * sa) * sz) : load<T>(b + <usize>(i * sb) * sz);
    store<T>(o + <usize>i * sz, v);
  }
}

function selectRun1(o: usize, c: usize, sc: i32, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  selectRun<u8>(o, c, sc, a, sa, b, sb, n);
}
function selectRun4(o: usize, c: usize, sc: i32, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  selectRun<u32>(o, c, sc, a, sa, b, sb, n);
}
function selectRun8(o: usize, c: usize, sc: i32, a: usize, sa: i32, b: usize, sb: i32, n: i32): void {
  selectRun<u64>(o, c, sc, a, sa, b, sb, n);
}

class Select1 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, o3: i32, _s0: i32, s1: i32, s2: i32, s3: i32): void {
    selectRun1(gO + <usize>o0, gC + <usize>o1, s1, gA + <usize>o2, s2, gB + <usize>o3, s3, n);
  }
}
class Select4 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, o3: i32, _s0: i32, s1: i32, s2: i32, s3: i32): void {
    selectRun4(gO + (<usize>o0 << 2), gC + <usize>o1, s1, gA + (<usize>o2 << 2), s2, gB + (<usize>o3 << 2), s3, n);
  }
}
class Select8 {
  @inline run(n: i32, o0: i32, o1: i32, o2: i32, o3: i32, _s0: i32, s1: i32, s2: i32, s3: i32): void {
    selectRun8(gO + (<usize>o0 << 3), gC + <usize>o1, s1, gA + (<usize>o2 << 3), s2, gB + (<usize>o3 << 3), s3, n);
  }
}

/** `o = cond ? a : b` over `desc` (operands: out, cond, a, b), output elements [start, end). */
export function select(dtype: i32, c: usize, a: usize, b: usize, o: usize, desc: usize, start: i32, end: i32): void {
  gC = c;
  gA = a;
  gB = b;
  gO = o;
  const sz = elemSize(dtype);
  if (sz == 1) eachRun<Select1>(desc, start, end);
  else if (sz == 4) eachRun<Select4>(desc, start, end);
  else eachRun<Select8>(desc, start, end);
}

// ----------------------------------------------------------------- cast ----

/**
 * Float to int truncates toward zero and wraps modulo 2^32 (NaN → 0); anything
 * to bool is `x != 0` (NaN → true); bool to number is 0/1; int → float rounds.
 */
export function cast(from: i32, to: i32, x: usize, o: usize, start: i32, end: i32): void {
  if (to == U8) {
    for (let i = start; i < end; i++) {
      const v = loadAsF64(from, x, i);
      store<u8>(o + <usize>i, v != 0 ? 1 : 0);
    }
  } else if (to == I32) {
    if (from == F32 || from == F64) {
      for (let i = start; i < end; i++) store<i32>(o + (<usize>i << 2), toInt32(loadAsF64(from, x, i)));
    } else if (from == I32) {
      memory.copy(o + (<usize>start << 2), x + (<usize>start << 2), <usize>(end - start) << 2);
    } else {
      for (let i = start; i < end; i++) store<i32>(o + (<usize>i << 2), <i32>load<u8>(x + <usize>i));
    }
  } else if (to == F32) {
    if (from == I32) {
      for (let i = start; i < end; i++) store<f32>(o + (<usize>i << 2), <f32>load<i32>(x + (<usize>i << 2)));
    } else {
      for (let i = start; i < end; i++) store<f32>(o + (<usize>i << 2), <f32>loadAsF64(from, x, i));
    }
  } else {
    for (let i = start; i < end; i++) store<f64>(o + (<usize>i << 3), loadAsF64(from, x, i));
  }
}

// ---------------------------------------------------------- fill, range ----

/** `o[i] = value` (converted to the dtype as a typed-array store would) for i in [start, end). */
export function fill(dtype: i32, o: usize, value: f64, start: i32, end: i32): void {
  if (dtype == F32) {
    const v = v128.splat<f32>(<f32>value);
    let i = start;
    for (; i + 4 <= end; i += 4) v128.store(o + (<usize>i << 2), v);
    for (; i < end; i++) store<f32>(o + (<usize>i << 2), <f32>value);
  } else if (dtype == F64) {
    for (let i = start; i < end; i++) store<f64>(o + (<usize>i << 3), value);
  } else if (dtype == I32) {
    const v = toInt32(value);
    for (let i = start; i < end; i++) store<i32>(o + (<usize>i << 2), v);
  } else {
    memory.fill(o + <usize>start, value != 0 ? 1 : 0, <usize>(end - start));
  }
}

/** `o[i] = start + i * step`, computed in float64 and stored in the dtype. */
export function range(dtype: i32, o: usize, first: f64, step: f64, start: i32, end: i32): void {
  for (let i = start; i < end; i++) {
    const v = first + <f64>i * step;
    if (dtype == F32) store<f32>(o + (<usize>i << 2), <f32>v);
    else if (dtype == F64) store<f64>(o + (<usize>i << 3), v);
    else if (dtype == I32) store<i32>(o + (<usize>i << 2), toInt32(v));
    else store<u8>(o + <usize>i, v != 0 ? 1 : 0);
  }
}

/** Bool storage holds 0/1: any nonzero byte becomes 1. */
export function normalizeBool(o: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const p = o + <usize>i;
    if (load<u8>(p) != 0) store<u8>(p, 1);
  }
}
