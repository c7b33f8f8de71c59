/**
 * @polygrad/core/optim — optimizers updating parameters in place on the
 * device, and learning-rate schedules.
 *
 * Typical step: `opt.zeroGrad(); loss.backward(); opt.step(); sched.step();`
 */
export {
  Optimizer,
  type BaseOptions,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type ParamsInput,
  type ParamState,
} from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { LRScheduler, type LRSchedulerState } from './lr-scheduler.js';
export { StepLR } from './step-lr.js';
export { ExponentialLR } from './exponential-lr.js';
export { InverseTimeLR } from './inverse-time-lr.js';
export { CosineAnnealingLR, type CosineAnnealingOptions } from './cosine-annealing-lr.js';
