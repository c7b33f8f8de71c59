/**
 * Fused kernels: activation gradients, softmax / log-softmax and their VJP,
 * cross-entropy and its VJP, dropout, SGD and Adam updates. Float32 tensors
 * compute in float64 and round on store (the CPU reference does the same, so
 * the two agree to the last bit wherever no summation order differs).
 */
import { F32 } from './common';
import { sigmoid64 } from './elementwise';
import { uniform01 } from './random';

@inline
function ld(isF32: bool, p: usize, i: i32): f64 {
  return isF32 ? <f64>load<f32>(p + (<usize>i << 2)) : load<f64>(p + (<usize>i << 3));
}

@inline
function st(isF32: bool, p: usize, i: i32, v: f64): void {
  if (isF32) store<f32>(p + (<usize>i << 2), <f32>v);
  else store<f64>(p + (<usize>i << 3), v);
}

/** Stored value as read back: rounded to float32 for float32 tensors. */
@inline
function rounded(isF32: bool, v: f64): f64 {
  return isF32 ? <f64>(<f32>v) : v;
}

// --------------------------------------------------- activation backward ----

export const A_RELU: i32 = 0;
export const A_SIGMOID: i32 = 1;
export const A_TANH: i32 = 2;
export const A_SOFTPLUS: i32 = 3;

/** dx = dy * f'(x) for elements [start, end); relu' is 0 where x <= 0. */
export function activationBackward(
  op: i32,
  dtype: i32,
  x: usize,
  y: usize,
  dy: usize,
  o: usize,
  start: i32,
  end: i32,
): void {
  const f32 = dtype == F32;
  if (op == A_RELU) {
    let i = start;
    if (f32) {
      const zero = f32x4.splat(0);
      for (; i + 4 <= end; i += 4) {
        const off = <usize>i << 2;
        v128.store(o + off, v128.andnot(v128.load(dy + off), f32x4.le(v128.load(x + off), zero)));
      }
    } else {
      const zero = f64x2.splat(0);
      for (; i + 2 <= end; i += 2) {
        const off = <usize>i << 3;
        v128.store(o + off, v128.andnot(v128.load(dy + off), f64x2.le(v128.load(x + off), zero)));
      }
    }
    for (; i < end; i++) st(f32, o, i, ld(f32, x, i) <= 0 ? 0 : ld(f32, dy, i));
    return;
  }
  for (let i = start; i < end; i++) {
    const g = ld(f32, dy, i);
    let r: f64;
    if (op == A_SIGMOID) {
      const v = ld(f32, y, i);
      r = g * v * (1 - v);
    } else if (op == A_TANH) {
      const v = ld(f32, y, i);
      r = g * (1 - v * v);
    } else {
      r = g * sigmoid64(ld(f32, x, i));
    }
    st(f32, o, i, r);
  }
}

// -------------------------------------------------------------- softmax ----

/** Max of a strided line (NaN wins); 0 for an all -Infinity line (which then gives NaN, as in PyTorch). */
@inline
function lineMax(f32: bool, x: usize, p: i32, st_: i32, len: i32): f64 {
  let m = -Infinity;
  for (let t = 0; t < len; t++) {
    const v = ld(f32, x, p + t * st_);
    if (v > m || isNaN(v)) m = v;
  }
  return m == -Infinity ? 0 : m;
}

/**
 * Softmax (or log-softmax) along the middle axis of x [outer, len, inner] for
 * lines (o, j) with flat line index in [start, end).
 */
export function softmax(dtype: i32, x: usize, o: usize, len: i32, inner: i32, log: bool, start: i32, end: i32): void {
  const f32 = dtype == F32;
  for (let f = start; f < end; f++) {
    const p = (f / inner) * len * inner + (f % inner);
    const m = lineMax(f32, x, p, inner, len);
    let sum = 0.0;
    for (let t = 0; t < len; t++) sum += Math.exp(ld(f32, x, p + t * inner) - m);
    if (log) {
      // (x − m) − log Σ, never x − (m + log Σ): the latter rounds at |m| ≈ 1000 (kernel contract).
      const logSum = Math.log(sum);
      for (let t = 0; t < len; t++) {
        const q = p + t * inner;
        st(f32, o, q, ld(f32, x, q) - m - logSum);
      }
    } else {
      const inv = 1 / sum;
      for (let t = 0; t < len; t++) {
        const q = p + t * inner;
        st(f32, o, q, Math.exp(ld(f32, x, q) - m) * inv);
      }
    }
  }
}

/** softmax: dx = y (dy − Σ dy·y); log-softmax: dx = dy − exp(y) Σ dy; lines as in `softmax`. */
export function softmaxBackward(
  dtype: i32,
  y: usize,
  dy: usize,
  o: usize,
  len: i32,
  inner: i32,
  log: bool,
  start: i32,
  end: i32,
): void {
  const f32 = dtype == F32;
  for (let f = start; f < end; f++) {
    const p = (f / inner) * len * inner + (f % inner);
    let acc = 0.0;
    if (log) {
      for (let t = 0; t < len; t++) acc += ld(f32, dy, p + t * inner);
      for (let t = 0; t < len; t++) {
        const q = p + t * inner;
        st(f32, o, q, ld(f32, dy, q) - Math.exp(ld(f32, y, q)) * acc);
      }
    } else {
      for (let t = 0; t < len; t++) {
        const q = p + t * inner;
        acc += ld(f32, dy, q) * ld(f32, y, q);
      }
      for (let t = 0; t < len; t++) {
        const q = p + t * inner;
        st(f32, o, q, ld(f32, y, q) * (ld(f32, dy, q) - acc));
      }
    }
  }
}

// -------------------------------------------------------- cross-entropy ----

/** Per row r in [start, end): log Σ exp(x[r] − m) − (x[r, label] − m); NaN for an out-of-range label. */
export function crossEntropy(dtype: i32, x: usize, labels: usize, o: usize, C: i32, start: i32, end: i32): void {
  const f32 = dtype == F32;
  for (let r = start; r < end; r++) {
    const p = r * C;
    const label = load<i32>(labels + (<usize>r << 2));
    if (label < 0 || label >= C) {
      st(f32, o, r, NaN);
      continue;
    }
    const m = lineMax(f32, x, p, 1, C);
    let sum = 0.0;
    for (let c = 0; c < C; c++) sum += Math.exp(ld(f32, x, p + c) - m);
    st(f32, o, r, Math.log(sum) - (ld(f32, x, p + label) - m));
  }
}

/** dlogits = (softmax(x) − onehot(label)) · dloss[r], rows [start, end). */
export function crossEntropyBackward(
  dtype: i32,
  x: usize,
  labels: usize,
  dloss: usize,
  o: usize,
  C: i32,
  start: i32,
  end: i32,
): void {
  const f32 = dtype == F32;
  for (let r = start; r < end; r++) {
    const p = r * C;
    const m = lineMax(f32, x, p, 1, C);
    let sum = 0.0;
    for (let c = 0; c < C; c++) sum += Math.exp(ld(f32, x, p + c) - m);
    const g = ld(f32, dloss, r);
    const scale = g / sum;
    const label = load<i32>(labels + (<usize>r << 2));
    for (let c = 0; c < C; c++) {
      const sm = Math.exp(ld(f32, x, p + c) - m) * scale;
      st(f32, o, p + c, c == label ? sm - g : sm);
    }
  }
}

// -------------------------------------------------------------- dropout ----

/** mask[i] = u_i >= p ? keep : 0, y = x * mask (keep = 1/(1−p) in the tensor dtype). */
export function dropout(
  dtype: i32,
  x: usize,
  y: usize,
  mask: usize,
  seed: u32,
  p: f64,
  keep: f64,
  start: i32,
  end: i32,
): void {
  const f32 = dtype == F32;
  for (let i = start; i < end; i++) {
    const m = uniform01(seed, <u32>i) >= p ? keep : 0;
    st(f32, mask, i, m);
    st(f32, y, i, ld(f32, x, i) * m);
  }
}

// ----------------------------------------------------------- optimizers ----

/**
 * SGD into new buffers: g' = g + wd·p + l1·sign(p); with momentum (v != 0):
 * v' = firstStep ? g' : momentum·v + (1 − dampening)·g' (PyTorch: the first
 * velocity is the undampened gradient), step = nesterov ? g' + momentum·v' : v'.
 */
export function sgdUpdate(
  dtype: i32,
  p: usize,
  g: usize,
  v: usize,
  p2: usize,
  v2: usize,
  lr: f64,
  momentum: f64,
  dampening: f64,
  nesterov: bool,
  wd: f64,
  l1: f64,
  firstStep: bool,
  start: i32,
  end: i32,
): void {
  const f32 = dtype == F32;
  const damp = 1 - dampening;
  for (let i = start; i < end; i++) {
    const pv = ld(f32, p, i);
    const sg = pv > 0 ? 1.0 : pv < 0 ? -1.0 : pv;
    const gv = ld(f32, g, i) + wd * pv + l1 * sg;
    if (v == 0) {
      st(f32, p2, i, pv - lr * gv);
      continue;
    }
    const vn = rounded(f32, firstStep ? gv : momentum * ld(f32, v, i) + damp * gv);
    st(f32, v2, i, vn);
    const step = nesterov ? gv + momentum * vn : vn;
    st(f32, p2, i, pv - lr * step);
  }
}

/**
 * Adam / AdamW into new buffers; bc1 = 1 − beta1^step, bc2 = 1 − beta2^step
 * (computed by the host exactly as the reference does).
 */
export function adamUpdate(
  dtype: i32,
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  p2: usize,
  m2: usize,
  v2: usize,
  lr: f64,
  beta1: f64,
  beta2: f64,
  eps: f64,
  wd: f64,
  decoupled: bool,
  bc1: f64,
  bc2: f64,
  start: i32,
  end: i32,
): void {
  const f32 = dtype == F32;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const decay = decoupled ? 1 - lr * wd : 1;
  const l2 = decoupled ? 0 : wd;
  for (let i = start; i < end; i++) {
    let pv = ld(f32, p, i);
    const gv = ld(f32, g, i) + l2 * pv;
    if (decoupled) pv *= decay;
    const mn = rounded(f32, beta1 * ld(f32, m, i) + c1 * gv);
    const vn = rounded(f32, beta2 * ld(f32, v, i) + c2 * (gv * gv));
    st(f32, m2, i, mn);
    st(f32, v2, i, vn);
    st(f32, p2, i, pv - (lr * (mn / bc1)) / (Math.sqrt(vn / bc2) + eps));
  }
}
