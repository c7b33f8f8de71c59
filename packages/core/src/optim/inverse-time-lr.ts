import { checkOptions } from '../options.js';
import { checkPositive, LRScheduler } from './lr-scheduler.js';
import type { BaseOptions, Optimizer } from './optimizer.js';

/** lr = base / (1 + decay · t) — the classic 1/t schedule of stochastic approximation. */
export class InverseTimeLR extends LRScheduler {
  readonly decay: number;
  constructor(optimizer: Optimizer<BaseOptions>, options: { decay: number }) {
    checkOptions('InverseTimeLR', options, ['decay'], ['decay']);
    const { decay } = options;
    super(optimizer);
    this.decay = checkPositive('InverseTimeLR', 'decay', decay, { allowZero: true });
    this.start();
  }
  override lrAt(t: number, baseLr: number): number {
    return baseLr / (1 + this.decay * t);
  }
}
