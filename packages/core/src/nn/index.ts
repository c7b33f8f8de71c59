/**
 * @polygrad/core/nn — modules, losses and initialisers.
 *
 * Run a module with `module.forward(x)`; parameters are registered explicitly
 * (see `Module`). Every module's backward is core autograd's.
 */

export { ReLU, Sigmoid, Softplus, Tanh } from './activations.js';
export { Add } from './add.js';
export { Dropout, type DropoutOptions } from './dropout.js';
export { Duplicate } from './duplicate.js';
export { Flatten } from './flatten.js';
export { functionalCall } from './functional-call.js';
export { Identity } from './identity.js';
/**
 * Weight initialisers (`kaimingNormal`, `kaimingUniform`, `xavierNormal`, `xavierUniform`, `zeros`,
 * `constant`, …): each returns a new tensor, seeded.
 */
export * as init from './init.js';
export { Linear, type LinearOptions } from './linear.js';
export {
  type CrossEntropyOptions,
  crossEntropy,
  type HuberOptions,
  huberLoss,
  type LossOptions,
  l1Loss,
  mseLoss,
  nllLoss,
  type SmoothL1Options,
  smoothL1Loss,
} from './loss-functions.js';
export { CrossEntropyLoss, HuberLoss, L1Loss, Loss, MSELoss, NLLLoss, SmoothL1Loss } from './losses.js';
export { Max } from './max.js';
export { Module, type ModuleOutput, type ModuleTarget } from './module.js';
export { Parallel } from './parallel.js';
export { l1Penalty, l2Penalty } from './penalties.js';
export type { Reduction } from './reduction.js';
export { Sequential } from './sequential.js';
export { LogSoftmax, Softmax } from './softmax.js';
export type { StateDict } from './state-dict.js';
