import { ArgumentError } from '../errors.js';
import { computeSgdUpdate } from '../ops/optimizer-updates.js';
import type { Tensor } from '../tensor.js';
import {
  type BaseOptions,
  checkOption,
  Optimizer,
  type ParamGroup,
  type ParamsInput,
  type PendingUpdate,
} from './optimizer.js';

export interface SGDOptions extends BaseOptions {
  /** Learning rate η. */
  lr: number;
  /** Momentum μ (default 0: plain SGD). */
  momentum: number;
  /** Dampening d of the gradient added to the velocity (default 0). */
  dampening: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). */
  nesterov: boolean;
  /**
   * L2 weight decay λ: adds λ·w to the gradient, as PyTorch's `weight_decay`.
   * The seed's penalty α‖w‖² has gradient 2αw, so its update
   * w ← (1 − 2ηα)·w − η·∂C/∂w is `weightDecay: 2 * alpha`.
   */
  weightDecay: number;
  /** L1 strength β: adds β·sign(w) to the gradient (the penalty β·Σ|w|). */
  l1: number;
}

/**
 * Stochastic gradient descent, in place on the device, as PyTorch's SGD. With g
 * the gradient: g' = g + λ·w + β·sign(w); with momentum the velocity is g' on a
 * parameter's first step, then v ← μ·v + (1 − d)·g'; the step is g' + μ·v
 * (Nesterov) or v; without momentum it is g'; then w ← w − η·step.
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsInput<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    super('SGD', params, { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, l1: 0 }, options, {
      valid: ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay', 'l1'],
      required: ['lr'],
    });
  }

  protected override validate(o: SGDOptions): void {
    checkOption('SGD', 'lr', o.lr);
    checkOption('SGD', 'momentum', o.momentum);
    checkOption('SGD', 'dampening', o.dampening, 0, 1.000001);
    checkOption('SGD', 'weightDecay', o.weightDecay);
    checkOption('SGD', 'l1', o.l1);
    if (typeof o.nesterov !== 'boolean')
      throw new ArgumentError('SGD', `nesterov = ${String(o.nesterov)}; expected a boolean`);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new ArgumentError(
        'SGD',
        `nesterov needs momentum > 0 and dampening 0; got momentum ${o.momentum}, dampening ${o.dampening}`,
      );
    }
  }

  protected override computeUpdate(g: ParamGroup<SGDOptions>, p: Tensor, grad: Tensor): PendingUpdate {
    const velocity = g.momentum > 0 ? this.buffer(p, 'velocity') : null;
    const r = computeSgdUpdate(p, grad, velocity, {
      lr: g.lr,
      momentum: g.momentum,
      dampening: g.dampening,
      nesterov: g.nesterov,
      weightDecay: g.weightDecay,
      l1: g.l1,
      firstStep: this.stateOf(p).step === 0,
    });
    return {
      param: p,
      assignments:
        velocity && r.velocity
          ? [
              [p, r.param],
              [velocity, r.velocity],
            ]
          : [[p, r.param]],
    };
  }
}
