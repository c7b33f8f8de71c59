import { checkOptions } from '../options.js';
import { checkPositive, LRScheduler } from './lr-scheduler.js';
import type { BaseOptions, Optimizer } from './optimizer.js';

/** lr = base · γ^t. */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;
  constructor(optimizer: Optimizer<BaseOptions>, options: { gamma: number }) {
    checkOptions('ExponentialLR', options, ['gamma'], ['gamma']);
    const { gamma } = options;
    super(optimizer);
    this.gamma = checkPositive('ExponentialLR', 'gamma', gamma, { allowZero: true });
    this.start();
  }
  override lrAt(t: number, baseLr: number): number {
    return baseLr * this.gamma ** t;
  }
}
