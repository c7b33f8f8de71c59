import { checkOptions } from '../options.js';
import { checkPositive, LRScheduler } from './lr-scheduler.js';
import type { BaseOptions, Optimizer } from './optimizer.js';

/** lr = base · γ^⌊t / stepSize⌋: multiply by γ every `stepSize` steps. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: Optimizer<BaseOptions>, options: { stepSize: number; gamma?: number }) {
    checkOptions('StepLR', options, ['stepSize', 'gamma'], ['stepSize']);
    const { stepSize, gamma = 0.1 } = options;
    super(optimizer);
    this.stepSize = checkPositive('StepLR', 'stepSize', stepSize, { integer: true });
    this.gamma = checkPositive('StepLR', 'gamma', gamma, { allowZero: true });
    this.start();
  }
  override lrAt(t: number, baseLr: number): number {
    return baseLr * this.gamma ** Math.floor(t / this.stepSize);
  }
}
