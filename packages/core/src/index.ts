/**
 * @polygrad/core — tensors, define-by-run autograd, the backend contract and
 * registry, and (sub-paths) the nn, optim and data libraries.
 */
export { type BackwardOptions, backward, backwardAsync } from './autograd/backward.js';
export { enableGrad, noGrad } from './autograd/grad-mode.js';
export { type GradcheckOptions, type GradcheckReport, gradcheck } from './autograd/gradcheck.js';
export type {
  Backend,
  BackendCapabilities,
  BackendFactory,
  BackendMemory,
  DeclineReason,
  DeviceInfo,
  Int32Semantics,
  Precision,
} from './backend/backend.js';
export {
  declineReason,
  hasCoreFallback,
  int32Semantics,
  kernelDType,
  usesKernel,
} from './backend/capabilities.js';
export * from './backend/kernel-table.js';
export { broadcastStrides, collapse, copyStrided, type LoopPlan, planLoop } from './backend/loop-plan.js';
export { planReduce, type ReducePlan, reductionIdentity } from './backend/reduce-plan.js';
export {
  activeBackendName,
  type BackendSelection,
  type BackendStatus,
  getBackend,
  initBackend,
  listBackends,
  registerBackend,
  removeBackend,
  setBackend,
} from './backend/registry.js';
export * as data from './data/index.js';
export * from './dtype.js';
export {
  type BackendUsage,
  isGradEnabled,
  type MemoryInfo,
  manualSeed,
  memory,
  setDebugNumerics,
  setMemoryWarnings,
} from './engine.js';
export * from './errors.js';
export * from './fused/compositions.js';
export {
  type LoadSafetensorsOptions,
  loadSafetensors,
  MAX_SAFETENSORS_HEADER_BYTES,
  type SaveSafetensorsOptions,
  saveSafetensors,
} from './io/safetensors.js';
export { dispose, keep, tidy } from './memory.js';
export * as nn from './nn/index.js';
export * from './ops/index.js';
export * as optim from './optim/index.js';
export { dropoutMaskReference, fmix32, randomBits, randomReference, uniform01 } from './random.js';
export * from './shape.js';
export { type GradNode, type NestedArray, Tensor } from './tensor.js';
