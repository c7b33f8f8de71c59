/**
 * @polygrad/core/optim — optimizers updating parameters in place on the
 * device, and learning-rate schedules.
 *
 * Typical step: `opt.zeroGrad(); loss.backward(); opt.step(); sched.step();`
 */

export { Adam, type AdamOptions, AdamW } from './adam.js';
export { CosineAnnealingLR, type CosineAnnealingOptions } from './cosine-annealing-lr.js';
export { ExponentialLR } from './exponential-lr.js';
export { InverseTimeLR } from './inverse-time-lr.js';
export { LRScheduler, type LRSchedulerState } from './lr-scheduler.js';
export {
  type BaseOptions,
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
  type ParamsInput,
  type PendingUpdate,
} from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { StepLR } from './step-lr.js';
