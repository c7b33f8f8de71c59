/**
 * @polygrad/core — tensors, define-by-run autograd, the backend contract and
 * registry, and (sub-paths) the nn, optim and data libraries.
 */
import { _setBackwardPrimitives } from './autograd/backward.js';
import { add } from './ops/binary.js';
import { onesLike } from './ops/creation.js';
import './tensor-methods.js';

_setBackwardPrimitives(add, onesLike);

export { Tensor, type GradNode, type NestedArray } from './tensor.js';
export * from './dtype.js';
export * from './errors.js';
export * from './shape.js';
export * from './ops/index.js';
export * from './backend/kernel-table.js';
export type { Backend, BackendFactory, BackendMemory, DeviceInfo, Precision } from './backend/backend.js';
export {
  registerBackend,
  removeBackend,
  setBackend,
  initBackend,
  getBackend,
  listBackends,
  activeBackendName,
  type BackendStatus,
  type BackendSelection,
} from './backend/registry.js';
export { backward } from './autograd/backward.js';
export { noGrad, enableGrad } from './autograd/grad-mode.js';
export { gradcheck, type GradcheckOptions, type GradcheckReport } from './autograd/gradcheck.js';
export { tidy, keep, dispose } from './memory.js';
export { memory, manualSeed, setDebugNumerics, isGradEnabled, type MemoryInfo, type BackendUsage } from './engine.js';
export { randomBits, uniform01, randomReference, dropoutMaskReference, fmix32 } from './random.js';
export * from './fused/compositions.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as data from './data/index.js';
