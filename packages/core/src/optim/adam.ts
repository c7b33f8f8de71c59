import { ArgumentError } from '../errors.js';
import { computeAdamUpdate } from '../ops/optimizer-updates.js';
import type { Tensor } from '../tensor.js';
import {
  type BaseOptions,
  checkOption,
  Optimizer,
  type ParamGroup,
  type ParamsInput,
  type PendingUpdate,
} from './optimizer.js';

export interface AdamOptions extends BaseOptions {
  /** Learning rate η (default 1e-3). */
  lr: number;
  /** Decay rates (β1, β2) of the first and second moment estimates (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to √v̂ in the denominator (default 1e-8). */
  eps: number;
  /** Adam: L2 added to the gradient (λ·w). AdamW: decoupled decay w ← (1 − ηλ)·w. */
  weightDecay: number;
  /**
   * AMSGrad (Reddi et al.; PyTorch's `amsgrad`, default false): keep vMax = max over steps of v and
   * divide by √(vMax / (1 − β2ᵗ)) + ε, so the effective step size never grows. Runs core's composition
   * (not the backend's fused Adam kernel); adds a `vMax` buffer per parameter.
   */
  amsgrad: boolean;
}

const ADAM_KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad'];

function validateAdam(op: string, o: AdamOptions): void {
  checkOption(op, 'lr', o.lr);
  checkOption(op, 'eps', o.eps);
  checkOption(op, 'weightDecay', o.weightDecay);
  if (!Array.isArray(o.betas) || o.betas.length !== 2) {
    throw new ArgumentError(op, `betas = ${String(o.betas)}; expected [beta1, beta2]`);
  }
  checkOption(op, 'betas[0]', o.betas[0], 0, 1);
  checkOption(op, 'betas[1]', o.betas[1], 0, 1);
  if (typeof o.amsgrad !== 'boolean')
    throw new ArgumentError(op, `amsgrad = ${String(o.amsgrad)}; expected a boolean`);
}

/**
 * Adam (Kingma & Ba), in place on the device. Per parameter, with step t
 * counted from 1: g' = g + λ·w; m ← β1·m + (1 − β1)·g'; v ← β2·v + (1 − β2)·g'²;
 * w ← w − η · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε).
 * With `amsgrad`, v in the denominator is replaced by vMax ← max(vMax, v) (PyTorch's algorithm).
 * State per parameter: step, buffers m and v (and vMax with amsgrad).
 */
export class Adam extends Optimizer<AdamOptions> {
  /** @internal */ protected readonly decoupled: boolean = false;

  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(
      new.target.name,
      params,
      { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false },
      options,
      { valid: ADAM_KEYS },
    );
  }

  protected override validate(o: AdamOptions): void {
    validateAdam(this.constructor.name, o);
  }

  protected override computeUpdate(g: ParamGroup<AdamOptions>, p: Tensor, grad: Tensor): PendingUpdate {
    const m = this.buffer(p, 'm');
    const v = this.buffer(p, 'v');
    const vMax = g.amsgrad ? this.buffer(p, 'vMax') : null;
    const r = computeAdamUpdate(
      p,
      grad,
      m,
      v,
      {
        lr: g.lr,
        beta1: g.betas[0],
        beta2: g.betas[1],
        eps: g.eps,
        weightDecay: g.weightDecay,
        decoupled: this.decoupled,
        step: this.stateOf(p).step + 1,
      },
      vMax,
    );
    return {
      param: p,
      assignments: [[p, r.param], [m, r.m], [v, r.v], ...(vMax && r.vMax ? [[vMax, r.vMax] as const] : [])],
    };
  }
}

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay — each step
 * first shrinks w ← (1 − η·λ)·w, then applies Adam to the raw gradient.
 * Default weightDecay 0.01.
 */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 0.01, ...options });
  }
}
