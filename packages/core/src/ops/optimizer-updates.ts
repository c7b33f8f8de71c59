import { noGrad } from '../autograd/grad-mode.js';
import { usesKernel } from '../backend/capabilities.js';
import type { DataHandle } from '../backend/kernel-table.js';
import { ArgumentError, BackendError, DTypeError, fmtShape, ShapeError } from '../errors.js';
import { tidy } from '../memory.js';
import { checkOptions } from '../options.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, div, maximum, mul, sub } from './binary.js';
import { backendOf, runKernel, wrap } from './dispatch.js';
import { sign, sqrt, square } from './unary.js';

/**
 * Hyper-parameters of one SGD step (`sgdUpdate`): learning rate, momentum, dampening, Nesterov, L2 and L1.
 */
export interface SgdUpdateOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  /** L2: adds weightDecay·w to the gradient (the seed's α‖w‖² penalty has weightDecay = 2α). */
  weightDecay?: number;
  /** L1: adds l1·sign(w) to the gradient. */
  l1?: number;
  /**
   * The parameter's first update (default false): the velocity becomes the
   * gradient itself, undampened, as in PyTorch; otherwise `velocity` is the
   * running buffer, v = μ·v + (1 − d)·g'.
   */
  firstStep?: boolean;
}

/** Hyper-parameters of one Adam/AdamW step (`adamUpdate`). */
export interface AdamUpdateOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay?: number;
  /** AdamW: decay the weights directly instead of through the gradient. */
  decoupled?: boolean;
  /** 1-based step count, for bias correction. */
  step: number;
}

function checkState(op: string, param: Tensor, others: Record<string, Tensor | null>): void {
  if (param.dtype !== 'float32' && param.dtype !== 'float64') {
    throw new DTypeError(op, `param has dtype ${param.dtype}; expected float32 or float64`);
  }
  for (const [name, t] of Object.entries(others)) {
    if (!t) continue;
    if (!shapesEqual(t.shape, param.shape)) {
      throw new ShapeError(
        op,
        `${name} has shape ${fmtShape(t.shape)}; expected ${fmtShape(param.shape)} like the param`,
      );
    }
    if (t.dtype !== param.dtype) {
      throw new DTypeError(op, `${name} has dtype ${t.dtype}; expected ${param.dtype} like the param`);
    }
  }
  backendOf(op, [param, ...Object.values(others).filter((t): t is Tensor => t !== null)]);
}

function checkNumber(op: string, name: string, v: number, min = 0): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new ArgumentError(op, `${name} = ${v}; expected a finite number >= ${min}`);
  }
}

/** New values for a parameter and its optimizer state, computed into new storage, not yet assigned. */
export interface SgdUpdateResult {
  readonly param: Tensor;
  readonly velocity: Tensor | null;
}
/** New values for a parameter and its Adam moments, computed into new storage, not yet assigned. */
export interface AdamUpdateResult {
  readonly param: Tensor;
  readonly m: Tensor;
  readonly v: Tensor;
  /** AMSGrad's running max of v (null without it). */
  readonly vMax: Tensor | null;
}

/**
 * Make `target` hold `source`'s values: swaps storage, no copy. Both paths (a
 * fused kernel's new handles, the composition's new tensors) end here, so a
 * view taken before the step (`detach(w)`) keeps the old values on every backend.
 */
export function assignUpdate(target: Tensor, source: Tensor): void {
  target._replaceStorage(source._storage);
  source.dispose();
}

/**
 * One SGD step computed into new tensors (param, and velocity when momentum > 0);
 * nothing is assigned, so a caller can check every update before committing any
 * (optimizers do: a step is all or nothing). Not recorded for autograd.
 */
export function computeSgdUpdate(
  param: Tensor,
  grad: Tensor,
  velocity: Tensor | null,
  opts: SgdUpdateOptions,
): SgdUpdateResult {
  const op = 'sgdUpdate';
  checkOptions(
    op,
    opts,
    ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay', 'l1', 'firstStep'],
    ['lr'],
  );
  const momentum = opts.momentum ?? 0;
  const dampening = opts.dampening ?? 0;
  const nesterov = opts.nesterov ?? false;
  const weightDecay = opts.weightDecay ?? 0;
  const l1 = opts.l1 ?? 0;
  const firstStep = opts.firstStep ?? false;
  checkNumber(op, 'lr', opts.lr);
  checkNumber(op, 'momentum', momentum);
  checkNumber(op, 'dampening', dampening);
  checkNumber(op, 'weightDecay', weightDecay);
  checkNumber(op, 'l1', l1);
  if (momentum > 0 && !velocity)
    throw new ArgumentError(op, 'momentum > 0 needs a velocity tensor; got null');
  checkState(op, param, { grad, velocity: momentum > 0 ? velocity : null });
  const backend = backendOf(op, [param]);
  const vel = momentum > 0 ? velocity : null;
  if (usesKernel(backend, 'sgdUpdate', param.dtype)) {
    const r = runKernel(backend, 'sgdUpdate', {
      param: param._info(op),
      grad: grad._info(op),
      velocity: vel ? vel._info(op) : null,
      lr: opts.lr,
      momentum,
      dampening,
      nesterov,
      weightDecay,
      l1,
      firstStep,
    });
    const newParam = wrap(backend, r.param, param.shape, param.dtype);
    if (vel && !r.velocity) {
      newParam.dispose();
      throw new BackendError(op, `backend '${backend.name}' returned no velocity handle`);
    }
    return {
      param: newParam,
      velocity: vel && r.velocity ? wrap(backend, r.velocity, vel.shape, vel.dtype) : null,
    };
  }
  return noGrad(() =>
    tidy(() => {
      let g: Tensor = grad;
      if (weightDecay !== 0) g = add(g, mul(param, weightDecay));
      if (l1 !== 0) g = add(g, mul(sign(param), l1));
      let step = g;
      let v: Tensor | null = null;
      if (vel) {
        v = firstStep ? add(g, 0) : add(mul(vel, momentum), mul(g, 1 - dampening));
        step = nesterov ? add(g, mul(v, momentum)) : v;
      }
      return { param: sub(param, mul(step, opts.lr)), velocity: v };
    }),
  );
}

/**
 * One SGD step: `param` (and `velocity` when momentum > 0) take the new values.
 * The update is computed into new storage and swapped in. Not recorded for autograd.
 */
export function sgdUpdate(
  param: Tensor,
  grad: Tensor,
  velocity: Tensor | null,
  opts: SgdUpdateOptions,
): void {
  const r = computeSgdUpdate(param, grad, velocity, opts);
  assignUpdate(param, r.param);
  if (velocity && r.velocity) assignUpdate(velocity, r.velocity);
}

/**
 * One Adam / AdamW step computed into new tensors (param, m, v, and vMax with
 * AMSGrad); nothing is assigned. With `vMax` (AMSGrad, as PyTorch's
 * `amsgrad=True`): vMax ← max(vMax, v) and the denominator is
 * √(vMax / (1 − β2ᵗ)) + ε. AMSGrad always runs core's composition: the fused
 * `adamUpdate` kernel has no vMax state.
 */
export function computeAdamUpdate(
  param: Tensor,
  grad: Tensor,
  m: Tensor,
  v: Tensor,
  opts: AdamUpdateOptions,
  vMax: Tensor | null = null,
): AdamUpdateResult {
  const op = 'adamUpdate';
  checkOptions(
    op,
    opts,
    ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'decoupled', 'step'],
    ['lr', 'beta1', 'beta2', 'eps', 'step'],
  );
  const weightDecay = opts.weightDecay ?? 0;
  const decoupled = opts.decoupled ?? false;
  checkNumber(op, 'lr', opts.lr);
  checkNumber(op, 'eps', opts.eps);
  checkNumber(op, 'weightDecay', weightDecay);
  if (!(opts.beta1 >= 0 && opts.beta1 < 1) || !(opts.beta2 >= 0 && opts.beta2 < 1)) {
    throw new ArgumentError(op, `betas (${opts.beta1}, ${opts.beta2}); expected each in [0, 1)`);
  }
  if (!Number.isInteger(opts.step) || opts.step < 1)
    throw new ArgumentError(op, `step = ${opts.step}; expected an integer >= 1`);
  checkState(op, param, vMax ? { grad, m, v, vMax } : { grad, m, v });
  const backend = backendOf(op, [param]);
  if (!vMax && usesKernel(backend, 'adamUpdate', param.dtype)) {
    const r = runKernel(backend, 'adamUpdate', {
      param: param._info(op),
      grad: grad._info(op),
      m: m._info(op),
      v: v._info(op),
      lr: opts.lr,
      beta1: opts.beta1,
      beta2: opts.beta2,
      eps: opts.eps,
      weightDecay,
      decoupled,
      step: opts.step,
    });
    const like = (h: DataHandle): Tensor => wrap(backend, h, param.shape, param.dtype);
    return { param: like(r.param), m: like(r.m), v: like(r.v), vMax: null };
  }
  return noGrad(() =>
    tidy(() => {
      let p: Tensor = param;
      let g: Tensor = grad;
      if (weightDecay !== 0) {
        if (decoupled) p = mul(param, 1 - opts.lr * weightDecay);
        else g = add(g, mul(param, weightDecay));
      }
      const mNew = add(mul(m, opts.beta1), mul(g, 1 - opts.beta1));
      const vNew = add(mul(v, opts.beta2), mul(square(g), 1 - opts.beta2));
      const mHat = div(mNew, 1 - opts.beta1 ** opts.step);
      const vMaxNew = vMax ? maximum(vMax, vNew) : null;
      const vHat = div(vMaxNew ?? vNew, 1 - opts.beta2 ** opts.step);
      const pNew = sub(p, mul(div(mHat, add(sqrt(vHat), opts.eps)), opts.lr));
      return { param: pNew, m: mNew, v: vNew, vMax: vMaxNew };
    }),
  );
}

/**
 * One Adam / AdamW step: `param`, `m` and `v` (and `vMax` with AMSGrad) take the
 * new values (swapped-in storage). Not recorded for autograd.
 */
export function adamUpdate(
  param: Tensor,
  grad: Tensor,
  m: Tensor,
  v: Tensor,
  opts: AdamUpdateOptions,
  vMax: Tensor | null = null,
): void {
  const r = computeAdamUpdate(param, grad, m, v, opts, vMax);
  assignUpdate(param, r.param);
  assignUpdate(m, r.m);
  assignUpdate(v, r.v);
  if (vMax && r.vMax) assignUpdate(vMax, r.vMax);
}
