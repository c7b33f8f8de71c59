/**
 * Core's composition of every fused kernel from primitives. A backend that
 * lacks a fused kernel gets these automatically; conformance compares a
 * backend's fused kernels against them.
 */

export { crossEntropyBackwardComposed, crossEntropyComposed } from '../ops/cross-entropy.js';
export { dropoutMaskComposed } from '../ops/dropout.js';
export { linearComposed } from '../ops/linear.js';
export { softmaxBackwardComposed, softmaxComposed } from '../ops/softmax.js';
export { activationGradComposed } from '../ops/unary.js';
