import { ArgumentError } from '../errors.js';
import { checkOptions } from '../options.js';
import { checkPositive, LRScheduler } from './lr-scheduler.js';
import type { BaseOptions, Optimizer } from './optimizer.js';

/** Options of `CosineAnnealingLR`: horizon, warm-up and floor of the learning rate. */
export interface CosineAnnealingOptions {
  /**
   * Total number of steps T (warm-up included): the lr reaches `minLr` at T. Past T it keeps
   * following the cosine (rising back toward the base lr, period 2·(T − W)), as PyTorch's does.
   */
  totalSteps: number;
  /** Linear warm-up length W (default 0). */
  warmupSteps?: number;
  /** Final learning rate (default 0). */
  minLr?: number;
}

/**
 * Linear warm-up then cosine decay (the usual transformer schedule):
 * t < W: lr = base · t / W (starting at 0);
 * t ≥ W: lr = minLr + (base − minLr) · ½(1 + cos(π · (t − W) / (T − W))).
 * Without warm-up it is PyTorch's CosineAnnealingLR (T_max = T, eta_min = minLr) at every step,
 * also past T, where both keep following the cosine instead of holding minLr: stop stepping the
 * scheduler at T (or set totalSteps to the run's length) to hold the minimum.
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly totalSteps: number;
  readonly warmupSteps: number;
  readonly minLr: number;

  constructor(optimizer: Optimizer<BaseOptions>, options: CosineAnnealingOptions) {
    checkOptions('CosineAnnealingLR', options, ['totalSteps', 'warmupSteps', 'minLr'], ['totalSteps']);
    const { totalSteps, warmupSteps = 0, minLr = 0 } = options;
    super(optimizer);
    this.totalSteps = checkPositive('CosineAnnealingLR', 'totalSteps', totalSteps, { integer: true });
    this.warmupSteps = checkPositive('CosineAnnealingLR', 'warmupSteps', warmupSteps, {
      integer: true,
      allowZero: true,
    });
    this.minLr = checkPositive('CosineAnnealingLR', 'minLr', minLr, { allowZero: true });
    if (this.warmupSteps >= this.totalSteps) {
      throw new ArgumentError(
        'CosineAnnealingLR',
        `warmupSteps ${warmupSteps} >= totalSteps ${totalSteps}; expected warm-up shorter than the schedule`,
      );
    }
    this.start();
  }

  override lrAt(t: number, baseLr: number): number {
    const w = this.warmupSteps;
    if (t < w) return (baseLr * t) / w;
    const progress = (t - w) / (this.totalSteps - w);
    return this.minLr + (baseLr - this.minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  /** With minLr > 0 the schedule is affine in the base lr, not a factor: it cannot be chained. */
  override get multiplicative(): boolean {
    return this.minLr === 0;
  }

  protected override describe(): string {
    return `minLr ${this.minLr}`;
  }
}
