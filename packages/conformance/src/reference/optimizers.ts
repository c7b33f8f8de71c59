/** Naive float64 optimizer steps, from the formulas in core's kernel table. */

export interface SgdConfig {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  l1: number;
}

/** One SGD step; returns the new param and velocity (velocity is null without momentum). */
export function sgdStep(
  param: ArrayLike<number>,
  grad: ArrayLike<number>,
  velocity: ArrayLike<number> | null,
  c: SgdConfig,
  firstStep = false,
): { param: Float64Array; velocity: Float64Array | null } {
  const p = Float64Array.from(param);
  const v = velocity && c.momentum > 0 ? Float64Array.from(velocity) : null;
  for (let i = 0; i < p.length; i++) {
    const w = p[i];
    const g = grad[i] + c.weightDecay * w + c.l1 * Math.sign(w);
    let step = g;
    if (v) {
      // PyTorch: the first velocity is the undampened gradient.
      v[i] = firstStep ? g : c.momentum * v[i] + (1 - c.dampening) * g;
      step = c.nesterov ? g + c.momentum * v[i] : v[i];
    }
    p[i] = w - c.lr * step;
  }
  return { param: p, velocity: v };
}

/**
 * Hyper-parameters of one Adam/AdamW step; `decoupled` selects AdamW's weight decay, `step` is the 1-based
 * step number used for bias correction.
 */
export interface AdamConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  decoupled: boolean;
  step: number;
}

/**
 * One Adam (or, with `decoupled`, AdamW) step in float64, as core's `adamUpdate` kernel contract defines it;
 * returns the new parameter and moments.
 */
export function adamStep(
  param: ArrayLike<number>,
  grad: ArrayLike<number>,
  m: ArrayLike<number>,
  v: ArrayLike<number>,
  c: AdamConfig,
): { param: Float64Array; m: Float64Array; v: Float64Array } {
  const p = Float64Array.from(param);
  const m2 = Float64Array.from(m);
  const v2 = Float64Array.from(v);
  const bc1 = 1 - c.beta1 ** c.step;
  const bc2 = 1 - c.beta2 ** c.step;
  for (let i = 0; i < p.length; i++) {
    let g = grad[i];
    if (c.weightDecay !== 0) {
      if (c.decoupled) p[i] *= 1 - c.lr * c.weightDecay;
      else g += c.weightDecay * p[i];
    }
    m2[i] = c.beta1 * m2[i] + (1 - c.beta1) * g;
    v2[i] = c.beta2 * v2[i] + (1 - c.beta2) * g * g;
    p[i] -= (c.lr * (m2[i] / bc1)) / (Math.sqrt(v2[i] / bc2) + c.eps);
  }
  return { param: p, m: m2, v: v2 };
}
