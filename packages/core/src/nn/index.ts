/**
 * @polygrad/core/nn — modules, losses and initialisers.
 *
 * Run a module with `module.forward(x)`; parameters are registered explicitly
 * (see `Module`). Every module's backward is core autograd's.
 */
export { Module, type ModuleOutput } from './module.js';
export type { StateDict } from './state-dict.js';
export { functionalCall } from './functional-call.js';
export { Linear, type LinearOptions } from './linear.js';
export { ReLU, Sigmoid, Tanh, Softplus } from './activations.js';
export { Softmax, LogSoftmax } from './softmax.js';
export { Dropout, type DropoutOptions } from './dropout.js';
export { Identity } from './identity.js';
export { Flatten } from './flatten.js';
export { Sequential } from './sequential.js';
export { Parallel } from './parallel.js';
export { Duplicate } from './duplicate.js';
export { Add } from './add.js';
export { Max } from './max.js';
export { Loss, CrossEntropyLoss, NLLLoss, MSELoss } from './losses.js';
export { crossEntropy, nllLoss, mseLoss, type LossOptions } from './loss-functions.js';
export type { Reduction } from './reduction.js';
export { l1Penalty, l2Penalty } from './penalties.js';
export * as init from './init.js';
