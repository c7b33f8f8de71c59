/**
 * The kernel contract: every kernel a backend can implement, its inputs and
 * attributes, and whether it is primitive (required) or fused (optional, with a
 * core composition as the fallback).
 *
 * Conventions every kernel follows:
 * - Core validates everything (shapes, dtypes, axes) and computes the output
 *   shape and dtype before calling a kernel; kernels never need to re-check.
 * - Inputs are `TensorInfo`s: an opaque handle the backend created, plus the
 *   logical shape and dtype. Data is dense and row-major (C order).
 * - Outputs are described by `OutSpec` (shape + dtype); the kernel allocates
 *   and returns a new handle. Kernels never mutate their inputs — not even
 *   the optimizer kernels, which return new handles for the updated param and
 *   state (a WebGL texture cannot be rendered into while it is sampled, and a
 *   `tf.Tensor` is immutable); core swaps the tensors' storage.
 * - Broadcasting follows NumPy: shapes are right-aligned, and a dimension of
 *   1 stretches to match. Inputs of `binary`, `compare` and `select` may have
 *   lower rank than `out`.
 */
import type { DType } from '../dtype.js';

/** An opaque reference to backend-owned storage. Core never looks inside. */
export interface DataHandle {
  readonly __polygradHandle?: never;
}

/** A kernel's view of a tensor: its storage handle, shape and dtype. */
export interface TensorInfo {
  readonly handle: DataHandle;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** The shape and dtype of a kernel's output, decided by core before the kernel runs. */
export interface OutSpec {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** The ops of the `unary` kernel. */
export const UNARY_OPS = [
  'neg',
  'abs',
  'sign',
  'exp',
  'log',
  'sqrt',
  'rsqrt',
  'square',
  'reciprocal',
  'relu',
  'sigmoid',
  'tanh',
  'softplus',
  'floor',
  'ceil',
  'round',
  'sin',
  'cos',
  'log1p',
  'expm1',
  'logicalNot',
  'isNaN',
  'isFinite',
] as const;
/**
 * Elementwise unary functions. `out.dtype` equals `x.dtype`, except `isNaN` and
 * `isFinite` (bool) and `logicalNot` (bool in, bool out). `sign(0) = 0`,
 * `round` rounds half to even, `softplus(x) = log(1 + exp(x))` computed stably.
 * Integer inputs only reach `neg`, `abs`, `sign`, `square`.
 */
export type UnaryOp = (typeof UNARY_OPS)[number];

/** The ops of the `binary` kernel. */
export const BINARY_OPS = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'maximum',
  'minimum',
  'logicalAnd',
  'logicalOr',
] as const;
/**
 * Elementwise binary functions with broadcasting. Both inputs have `out.dtype`.
 * `div` and `pow` only receive float inputs. `maximum`/`minimum` propagate NaN.
 * `logicalAnd`/`logicalOr` only receive bool.
 */
export type BinaryOp = (typeof BINARY_OPS)[number];

/** The ops of the `compare` kernel. */
export const COMPARE_OPS = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const;
/** Elementwise comparisons with broadcasting; both inputs share a dtype; `out.dtype` is bool. */
export type CompareOp = (typeof COMPARE_OPS)[number];

/** The ops of the `reduce` kernel. */
export const REDUCE_OPS = ['sum', 'prod', 'max', 'min'] as const;
/**
 * Reductions over `axes` (sorted, unique, possibly empty = copy). `out.shape`
 * is `x.shape` without those axes. Empty reductions give the identity
 * (0, 1, -Infinity, +Infinity; for int32 max/min: INT32_MIN / INT32_MAX).
 * `max`/`min` propagate NaN. Int32 sums wrap.
 */
export type ReduceOp = (typeof REDUCE_OPS)[number];

/** The distributions of the `random` kernel. */
export type RandomDistribution = 'uniform' | 'normal' | 'bernoulli';

/** Arguments of every kernel, by name. */
export interface KernelArgs {
  unary: { op: UnaryOp; x: TensorInfo; out: OutSpec };
  binary: { op: BinaryOp; a: TensorInfo; b: TensorInfo; out: OutSpec };
  compare: { op: CompareOp; a: TensorInfo; b: TensorInfo; out: OutSpec };
  /** `out[i] = cond[i] ? a[i] : b[i]`, all three broadcast to `out.shape`. */
  select: { cond: TensorInfo; a: TensorInfo; b: TensorInfo; out: OutSpec };
  reduce: { op: ReduceOp; x: TensorInfo; axes: readonly number[]; out: OutSpec };
  /** Index of the first max (min) along `axis`; a NaN counts as the extreme. `out.dtype` is int32. */
  argReduce: { op: 'argmax' | 'argmin'; x: TensorInfo; axis: number; out: OutSpec };
  /**
   * Batched matrix product. `a` is [Ba, M, K] (or [Ba, K, M] when `transposeA`),
   * `b` is [Bb, K, N] (or [Bb, N, K] when `transposeB`); Ba and Bb are 1 or B;
   * `out` is [B, M, N]. Transposes are read in place, never materialised.
   */
  matmul: { a: TensorInfo; b: TensorInfo; transposeA: boolean; transposeB: boolean; out: OutSpec };
  /** `out` dimension i is `x` dimension `perm[i]`. */
  transpose: { x: TensorInfo; perm: readonly number[]; out: OutSpec };
  /** Contiguous slice starting at `begin`, of size `out.shape`. */
  slice: { x: TensorInfo; begin: readonly number[]; out: OutSpec };
  /** Constant padding: `x` is placed at offset `before` inside `out`, the rest is `value`. */
  pad: { x: TensorInfo; before: readonly number[]; value: number; out: OutSpec };
  concat: { xs: readonly TensorInfo[]; axis: number; out: OutSpec };
  /** Broadcast `x` (same rank as `out`, each dim 1 or equal) to `out.shape`. */
  expand: { x: TensorInfo; out: OutSpec };
  /**
   * `out = x.shape[:axis] + indices.shape + x.shape[axis+1:]`, taking along
   * `axis` the rows named by `indices` (int32). Indices may be out of range:
   * on device backends core judges its range check at the next read, after the
   * kernel ran. A backend must never read out of bounds: such an entry gives 0.
   */
  gather: { x: TensorInfo; indices: TensorInfo; axis: number; out: OutSpec };
  /**
   * The adjoint of gather: `out` (zeros of `out.shape`) receives `updates`
   * summed into the positions `indices` name along `axis`. Out-of-range
   * indices are ignored.
   */
  scatterAdd: { updates: TensorInfo; indices: TensorInfo; axis: number; out: OutSpec };
  /**
   * Float to int truncates toward zero (out of range wraps modulo 2^32, NaN gives 0);
   * anything to bool is `x != 0`; bool to number is 0/1; same dtype is a copy.
   */
  cast: { x: TensorInfo; out: OutSpec };
  fill: { value: number; out: OutSpec };
  /** `out[i] = start + i * step` (1-D). */
  range: { start: number; step: number; out: OutSpec };
  /**
   * Seeded, counter-based random numbers, bit-compatible across backends up to
   * float rounding: element i is `randomReference(distribution, seed, a, b, i)`
   * from core's `random.ts`. uniform: [a, b); normal: mean a, std b;
   * bernoulli: 1 with probability a, else 0.
   */
  random: { distribution: RandomDistribution; seed: number; a: number; b: number; out: OutSpec };

  // ---- fused kernels (optional) ----
  /** `out = x · weightᵀ + bias`; x [N, in], weight [outF, in], bias [outF] or absent. */
  linear: { x: TensorInfo; weight: TensorInfo; bias: TensorInfo | null; out: OutSpec };
  /** Gradient of an activation: `dx = dy * f'(x)`; `y = f(x)` is given too (sigmoid/tanh use it). */
  activationBackward: {
    op: 'relu' | 'sigmoid' | 'tanh' | 'softplus';
    x: TensorInfo;
    y: TensorInfo;
    dy: TensorInfo;
    out: OutSpec;
  };
  /**
   * Stable softmax (or log-softmax when `log`) along `axis`, with m the max:
   * softmax = exp(x − m) / Σ exp(x − m); log-softmax = (x − m) − log Σ exp(x − m)
   * (not x − (m + log Σ), which loses ~1e-4 at |x| ≈ 1000 in float32). A row
   * without a finite max gives NaN.
   */
  softmax: { x: TensorInfo; axis: number; log: boolean; out: OutSpec };
  /**
   * Given `y` = softmax output (or log-softmax output when `log`) and upstream
   * `dy`: softmax: `dx = y * (dy - Σ dy*y)`; log-softmax: `dx = dy - exp(y) * Σ dy`.
   */
  softmaxBackward: { y: TensorInfo; dy: TensorInfo; axis: number; log: boolean; out: OutSpec };
  /**
   * Per-row `-(log_softmax(logits))[label]` = log Σ exp(x − m) − (x[label] − m), m the row max;
   * logits [N, C], labels int32 [N], out [N].
   * A label outside [0, C) (reported by core at the next read) must not read out of bounds.
   */
  crossEntropy: { logits: TensorInfo; labels: TensorInfo; out: OutSpec };
  /** `dlogits = (softmax(logits) - onehot(labels)) * dloss[:, None]`. */
  crossEntropyBackward: { logits: TensorInfo; labels: TensorInfo; dloss: TensorInfo; out: OutSpec };
  /**
   * Inverted dropout. `mask[i] = u_i >= p ? 1/(1-p) : 0` with
   * `u_i = randomReference('uniform', seed, 0, 1, i)`; returns [y = x*mask, mask],
   * both of `out.dtype` (the mask is rounded to out.dtype before the product). 0 <= p < 1.
   */
  dropout: { x: TensorInfo; p: number; seed: number; out: OutSpec };
  /**
   * Returns new handles (inputs are not modified). g' = grad + weightDecay*param + l1*sign(param);
   * with momentum: v = firstStep ? g' : momentum*v + (1-dampening)*g' (as PyTorch: the
   * velocity starts as the undampened gradient, whatever `velocity` holds);
   * step = nesterov ? g' + momentum*v : v; param' = param - lr*step. `velocity` is null
   * when momentum is 0 (then the result's `velocity` is null too).
   */
  sgdUpdate: {
    param: TensorInfo;
    grad: TensorInfo;
    velocity: TensorInfo | null;
    lr: number;
    momentum: number;
    dampening: number;
    nesterov: boolean;
    weightDecay: number;
    l1: number;
    /** The parameter's first update: the velocity becomes g' (not dampened). */
    firstStep: boolean;
  };
  /**
   * Returns new handles for param, m and v (inputs are not modified); `step` counts from 1. Adam: g' = grad + weightDecay*param; AdamW
   * (`decoupled`): g' = grad and param *= 1 - lr*weightDecay first. m = b1*m + (1-b1)*g';
   * v = b2*v + (1-b2)*g'^2; param -= lr * (m/(1-b1^step)) / (sqrt(v/(1-b2^step)) + eps).
   */
  adamUpdate: {
    param: TensorInfo;
    grad: TensorInfo;
    m: TensorInfo;
    v: TensorInfo;
    lr: number;
    beta1: number;
    beta2: number;
    eps: number;
    weightDecay: number;
    decoupled: boolean;
    step: number;
  };
}

/** The kernels that return more than one handle, and what they return. */
export interface KernelResults {
  dropout: [DataHandle, DataHandle];
  sgdUpdate: { param: DataHandle; velocity: DataHandle | null };
  adamUpdate: { param: DataHandle; m: DataHandle; v: DataHandle };
}

/** The name of a kernel of the contract. */
export type KernelName = keyof KernelArgs;
/** What kernel `K` returns: one new handle, or the handles listed in `KernelResults`. */
export type KernelResult<K extends KernelName> = K extends keyof KernelResults
  ? KernelResults[K]
  : DataHandle;
/** A backend's implementation of kernel `K`. */
export type KernelFn<K extends KernelName> = (args: KernelArgs[K]) => KernelResult<K>;

/**
 * Primitive kernels every backend must provide; fused kernels a backend may provide (core composes them
 * otherwise).
 */
export type KernelTier = 'primitive' | 'fused';

/** The single table the registry, conformance suite and coverage matrix are generated from. */
export const KERNELS = {
  unary: { tier: 'primitive', summary: 'elementwise unary math (UNARY_OPS)' },
  binary: { tier: 'primitive', summary: 'elementwise binary math with broadcasting (BINARY_OPS)' },
  compare: { tier: 'primitive', summary: 'elementwise comparisons with broadcasting, bool out' },
  select: { tier: 'primitive', summary: 'where(cond, a, b) with broadcasting' },
  reduce: { tier: 'primitive', summary: 'sum/prod/max/min over axes' },
  argReduce: { tier: 'primitive', summary: 'argmax/argmin along one axis' },
  matmul: { tier: 'primitive', summary: 'batched matmul with transpose flags' },
  transpose: { tier: 'primitive', summary: 'permute dimensions (materialising copy)' },
  slice: { tier: 'primitive', summary: 'contiguous sub-block' },
  pad: { tier: 'primitive', summary: 'constant padding' },
  concat: { tier: 'primitive', summary: 'join along an axis' },
  expand: { tier: 'primitive', summary: 'broadcast to a larger shape' },
  gather: { tier: 'primitive', summary: 'take rows by int32 index along an axis' },
  scatterAdd: { tier: 'primitive', summary: 'adjoint of gather' },
  cast: { tier: 'primitive', summary: 'dtype conversion' },
  fill: { tier: 'primitive', summary: 'constant tensor' },
  range: { tier: 'primitive', summary: 'arithmetic sequence' },
  random: { tier: 'primitive', summary: 'seeded counter-based uniform/normal/bernoulli' },
  linear: { tier: 'fused', summary: 'x·Wᵀ + b' },
  activationBackward: { tier: 'fused', summary: 'relu/sigmoid/tanh/softplus gradient mask' },
  softmax: { tier: 'fused', summary: 'stable softmax / log-softmax' },
  softmaxBackward: { tier: 'fused', summary: 'softmax / log-softmax VJP' },
  crossEntropy: { tier: 'fused', summary: 'per-row cross-entropy from logits' },
  crossEntropyBackward: { tier: 'fused', summary: 'cross-entropy VJP w.r.t. logits' },
  dropout: { tier: 'fused', summary: 'inverted dropout with its mask' },
  sgdUpdate: { tier: 'fused', summary: 'SGD/momentum/Nesterov step with L2/L1 (new handles)' },
  adamUpdate: { tier: 'fused', summary: 'Adam/AdamW step (new handles)' },
} as const satisfies Record<KernelName, { tier: KernelTier; summary: string }>;

/** The names of the primitive kernels. */
export type PrimitiveKernelName = {
  [K in KernelName]: (typeof KERNELS)[K]['tier'] extends 'primitive' ? K : never;
}[KernelName];
/** The names of the fused kernels. */
export type FusedKernelName = Exclude<KernelName, PrimitiveKernelName>;

/** Every kernel name, in table order. */
export const KERNEL_NAMES = Object.keys(KERNELS) as KernelName[];
/** The primitive kernels, in table order. */
export const PRIMITIVE_KERNELS = KERNEL_NAMES.filter(
  (k) => KERNELS[k].tier === 'primitive',
) as PrimitiveKernelName[];
/** The fused kernels, in table order. */
export const FUSED_KERNELS = KERNEL_NAMES.filter((k) => KERNELS[k].tier === 'fused') as FusedKernelName[];

/** What a backend provides: every primitive kernel, any subset of fused kernels. */
export type BackendKernels = { [K in PrimitiveKernelName]: KernelFn<K> } & {
  [K in FusedKernelName]?: KernelFn<K>;
};
