/** Chainable methods on Tensor (`x.add(y).relu()`), installed once; each delegates to the op function. */
import { backward } from './autograd/backward.js';
import type { DType } from './dtype.js';
import type { TensorLike } from './ops/dispatch.js';
import * as ops from './ops/index.js';
import { Tensor } from './tensor.js';

type Axes = number | readonly number[];

declare module './tensor.js' {
  interface Tensor {
    add(b: TensorLike): Tensor;
    sub(b: TensorLike): Tensor;
    mul(b: TensorLike): Tensor;
    div(b: TensorLike): Tensor;
    pow(b: TensorLike): Tensor;
    maximum(b: TensorLike): Tensor;
    minimum(b: TensorLike): Tensor;
    equal(b: TensorLike): Tensor;
    notEqual(b: TensorLike): Tensor;
    less(b: TensorLike): Tensor;
    lessEqual(b: TensorLike): Tensor;
    greater(b: TensorLike): Tensor;
    greaterEqual(b: TensorLike): Tensor;
    neg(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    abs(): Tensor;
    sign(): Tensor;
    square(): Tensor;
    reciprocal(): Tensor;
    relu(): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    softplus(): Tensor;
    sum(axes?: Axes, keepdims?: boolean): Tensor;
    mean(axes?: Axes, keepdims?: boolean): Tensor;
    max(axes?: Axes, keepdims?: boolean): Tensor;
    min(axes?: Axes, keepdims?: boolean): Tensor;
    prod(axes?: Axes, keepdims?: boolean): Tensor;
    argmax(axis?: number, keepdims?: boolean): Tensor;
    argmin(axis?: number, keepdims?: boolean): Tensor;
    logsumexp(axes?: Axes, keepdims?: boolean): Tensor;
    matmul(b: Tensor, opts?: ops.MatmulOptions): Tensor;
    reshape(shape: readonly number[]): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    /** Reverse every axis (`.T` of a matrix). */
    transpose(): Tensor;
    /** Swap two dims, as PyTorch's `x.transpose(dim0, dim1)`. */
    transpose(dim0: number, dim1: number): Tensor;
    /** A full permutation of all axes (TF.js / NumPy); `permute` is the PyTorch name. */
    transpose(perm: readonly number[]): Tensor;
    /** Reorder all axes: `x.permute(2, 0, 1)` or `x.permute([2, 0, 1])`. */
    permute(...dims: number[] | [readonly number[]]): Tensor;
    squeeze(axes?: number | readonly number[]): Tensor;
    unsqueeze(axis: number): Tensor;
    expand(shape: readonly number[]): Tensor;
    slice(begin: readonly number[], size?: readonly number[]): Tensor;
    /** Index-select along `axis` (TF.js `gather`); PyTorch's `x.gather(dim, index)` is `x.takeAlongAxis(index, dim)`. */
    gather(indices: Tensor, axis?: number): Tensor;
    /** NumPy `take_along_axis` / PyTorch `torch.gather`: the result has the shape of `indices`. */
    takeAlongAxis(indices: Tensor, axis: number): Tensor;
    /** Same as `takeAlongAxis` (PyTorch's `gather`, argument order (index, dim)). */
    gatherAlong(indices: Tensor, axis: number): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
    cast(dtype: DType): Tensor;
    clone(): Tensor;
    detach(): Tensor;
    to(backendName: string): Tensor;
    /** Back-propagate from this tensor (a scalar, or pass the upstream gradient). */
    backward(grad?: Tensor): void;
    /** Dispose and clear `.grad`. */
    zeroGrad(): void;
    /** Set requiresGrad (float tensors only) and return this. */
    requiresGrad_(on?: boolean): this;
  }
}

const proto = Tensor.prototype;
proto.add = function (b) {
  return ops.add(this, b);
};
proto.sub = function (b) {
  return ops.sub(this, b);
};
proto.mul = function (b) {
  return ops.mul(this, b);
};
proto.div = function (b) {
  return ops.div(this, b);
};
proto.pow = function (b) {
  return ops.pow(this, b);
};
proto.maximum = function (b) {
  return ops.maximum(this, b);
};
proto.minimum = function (b) {
  return ops.minimum(this, b);
};
proto.equal = function (b) {
  return ops.equal(this, b);
};
proto.notEqual = function (b) {
  return ops.notEqual(this, b);
};
proto.less = function (b) {
  return ops.less(this, b);
};
proto.lessEqual = function (b) {
  return ops.lessEqual(this, b);
};
proto.greater = function (b) {
  return ops.greater(this, b);
};
proto.greaterEqual = function (b) {
  return ops.greaterEqual(this, b);
};
proto.neg = function () {
  return ops.neg(this);
};
proto.exp = function () {
  return ops.exp(this);
};
proto.log = function () {
  return ops.log(this);
};
proto.sqrt = function () {
  return ops.sqrt(this);
};
proto.rsqrt = function () {
  return ops.rsqrt(this);
};
proto.abs = function () {
  return ops.abs(this);
};
proto.sign = function () {
  return ops.sign(this);
};
proto.square = function () {
  return ops.square(this);
};
proto.reciprocal = function () {
  return ops.reciprocal(this);
};
proto.relu = function () {
  return ops.relu(this);
};
proto.sigmoid = function () {
  return ops.sigmoid(this);
};
proto.tanh = function () {
  return ops.tanh(this);
};
proto.softplus = function () {
  return ops.softplus(this);
};
proto.sum = function (axes, keepdims) {
  return ops.sum(this, axes, keepdims);
};
proto.mean = function (axes, keepdims) {
  return ops.mean(this, axes, keepdims);
};
proto.max = function (axes, keepdims) {
  return ops.max(this, axes, keepdims);
};
proto.min = function (axes, keepdims) {
  return ops.min(this, axes, keepdims);
};
proto.prod = function (axes, keepdims) {
  return ops.prod(this, axes, keepdims);
};
proto.argmax = function (axis, keepdims) {
  return ops.argmax(this, axis, keepdims);
};
proto.argmin = function (axis, keepdims) {
  return ops.argmin(this, axis, keepdims);
};
proto.logsumexp = function (axes, keepdims) {
  return ops.logsumexp(this, axes, keepdims);
};
proto.matmul = function (b, opts) {
  return ops.matmul(this, b, opts);
};
proto.reshape = function (shape) {
  return ops.reshape(this, shape);
};
proto.flatten = function (s, e) {
  return ops.flatten(this, s, e);
};
proto.transpose = function (this: Tensor, ...args: unknown[]) {
  // Passed through as given, so that extra or malformed arguments reach the op's checks.
  return (ops.transpose as (x: Tensor, ...a: unknown[]) => Tensor)(this, ...args);
} as Tensor['transpose'];
proto.permute = function (...dims) {
  return ops.permute(this, ...dims);
};
proto.squeeze = function (axes) {
  return ops.squeeze(this, axes);
};
proto.unsqueeze = function (axis) {
  return ops.unsqueeze(this, axis);
};
proto.expand = function (shape) {
  return ops.expand(this, shape);
};
proto.slice = function (begin, size) {
  return ops.slice(this, begin, size);
};
proto.gather = function (indices, axis) {
  return ops.gather(this, indices, axis);
};
proto.takeAlongAxis = function (indices, axis) {
  return ops.takeAlongAxis(this, indices, axis);
};
proto.gatherAlong = function (indices, axis) {
  return ops.takeAlongAxis(this, indices, axis);
};
proto.softmax = function (axis) {
  return ops.softmax(this, axis);
};
proto.logSoftmax = function (axis) {
  return ops.logSoftmax(this, axis);
};
proto.cast = function (dtype) {
  return ops.cast(this, dtype);
};
proto.clone = function () {
  return ops.clone(this);
};
proto.detach = function () {
  return ops.detach(this);
};
proto.to = function (name) {
  return ops.to(this, name);
};
proto.backward = function (grad) {
  backward(this, grad);
};
proto.zeroGrad = function () {
  this.grad?.dispose();
  this.grad = null;
};
proto.requiresGrad_ = function (on = true) {
  ops.setRequiresGrad(this, on);
  return this;
};
