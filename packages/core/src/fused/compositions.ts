/**
 * Core's composition of every fused kernel from primitives. A backend that
 * lacks a fused kernel gets these automatically; conformance compares a
 * backend's fused kernels against them.
 */
export { linearComposed } from '../ops/linear.js';
export { activationGradComposed } from '../ops/unary.js';
export { softmaxComposed, softmaxBackwardComposed } from '../ops/softmax.js';
export { crossEntropyComposed, crossEntropyBackwardComposed } from '../ops/cross-entropy.js';
export { dropoutMaskComposed } from '../ops/dropout.js';
