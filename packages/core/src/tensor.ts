import { type BackwardOptions, backward, backwardAsync } from './autograd/backward.js';
import type { GraphKeeper } from './autograd/graph-lifetime.js';
import type { Backend } from './backend/backend.js';
import type { DataHandle, TensorInfo } from './backend/kernel-table.js';
import { runChecks, runChecksSync } from './deferred-checks.js';
import { bytesPerElement, type DType, type TypedArray } from './dtype.js';
import { type Scope, Storage, state, track } from './engine.js';
import { BackendError, DisposedError, fmtShape, ShapeError } from './errors.js';
import { formatTensor } from './format.js';
import type { TensorLike } from './ops/dispatch.js';
import * as ops from './ops/index.js';
import { sizeOf } from './shape.js';

type Axes = number | readonly number[];

/** How a tensor was made: the op, its inputs, and its vector-Jacobian product. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Given dC/dOutput, return dC/dInput for each input (null where none flows). */
  readonly vjp: (dy: Tensor) => readonly (Tensor | null)[];
  /**
   * The same VJP for `backwardAsync`, where it needs an asynchronous read
   * (moving a gradient back from a backend without synchronous readback).
   */
  readonly vjpAsync?: (dy: Tensor) => Promise<readonly (Tensor | null)[]>;
  /** Tensors the VJP reads besides `inputs` (a dropout mask, gather indices, labels). */
  readonly saved?: readonly Tensor[];
  /** Temporaries the op made for itself (scalars, casts, views), disposed when the graph is freed. */
  readonly owned?: readonly Tensor[];
}

/**
 * A tensor's values as nested arrays: a number (or boolean) for a scalar, arrays nested one level per axis.
 */
export type NestedArray = number | boolean | NestedArray[];

const finalizer =
  typeof FinalizationRegistry === 'undefined'
    ? null
    : new FinalizationRegistry<Storage>((storage) => {
        storage.stats.tensors--;
        storage.release();
      });

enum Finalizable {
  No,
  /** Queued in `pendingFinalizers`. */
  Pending,
  Registered,
}

/**
 * Tensors waiting to be registered with the GC safety net. `FinalizationRegistry.register`
 * (with the collector's work for its cells) was measured at about 40% of a small op such as
 * `add(a, b).dispose()`; registering at the end of the current task instead skips it for every
 * tensor disposed before then. A finalizer only runs between tasks, so a dropped tensor is at worst
 * freed one collection later than before. The queue holds its
 * tensors strongly until then (bounded: at `MAX_PENDING_FINALIZERS` it is registered at once).
 */
const pendingFinalizers: Tensor[] = [];
const MAX_PENDING_FINALIZERS = 4096;
let flushScheduled = false;

function registerPendingFinalizers(): void {
  flushScheduled = false;
  for (const t of pendingFinalizers) t._registerFinalizerNow();
  pendingFinalizers.length = 0;
}

/**
 * An n-dimensional array on one backend. Immutable from the user's point of
 * view; ops return new tensors. Free with `dispose()` or inside `tidy()`.
 */
export class Tensor {
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
  /** Whether gradients flow to this tensor. Leaves with it set receive `.grad`. */
  requiresGrad = false;
  /** Accumulated gradient (leaves only), or null. */
  grad: Tensor | null = null;
  /** @internal */ _node: GradNode | null = null;
  /** @internal */ _storage: Storage;
  /** @internal */ _kept = false;
  /** @internal */ _scope: Scope | null = null;
  /** @internal */ _retainGrad = false;
  /** @internal Keepers of graph tensors this result needs (see autograd/graph-lifetime.ts). */
  _keepers: GraphKeeper[] | null = null;
  /**
   * @internal Tensors that live wherever this one lives (an optimizer's state
   * buffers for a parameter): `Module.to` / `toAsync` move them along.
   */
  _followers: Set<Tensor> | null = null;
  private disposed = false;

  /** @internal Use the creation functions (`tensor`, `zeros`, ...) instead. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType) {
    this.id = state.nextId++;
    this._storage = storage;
    // Callers hand over a shape array they own (never mutated afterwards), so no defensive copy.
    this.shape = shape;
    this.dtype = dtype;
    this.size = sizeOf(shape);
    storage.retain();
    storage.stats.tensors++;
    // Tensors made inside tidy() are only registered with the GC safety net if they outlive the outermost scope.
    if (!track(this)) this._registerFinalizer();
  }

  /** @internal A new tensor over fresh backend storage. */
  static _fromHandle(backend: Backend, handle: DataHandle, shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(new Storage(backend, handle, sizeOf(shape) * bytesPerElement(dtype)), shape, dtype);
  }

  get rank(): number {
    return this.shape.length;
  }
  get backend(): Backend {
    return this._storage.backend;
  }
  get backendName(): string {
    return this._storage.backend.name;
  }
  get isDisposed(): boolean {
    return this.disposed;
  }
  /** True for tensors not produced by a recorded op (user-created or detached). */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** @internal The view kernels receive. Throws if disposed. */
  _info(op: string): TensorInfo {
    this._assertAlive(op);
    let info = this.cachedInfo;
    if (info === null || info.handle !== this._storage.handle) {
      info = { handle: this._storage.handle, shape: this.shape, dtype: this.dtype };
      this.cachedInfo = info;
    }
    return info;
  }
  private cachedInfo: TensorInfo | null = null;

  /** @internal */
  _assertAlive(op: string): void {
    if (this.disposed) {
      throw new DisposedError(
        op,
        `tensor #${this.id} ${fmtShape(this.shape)} ${this.dtype} was disposed; expected a live tensor (keep it with keep() or create it outside tidy())`,
      );
    }
  }

  /**
   * @internal Let the garbage collector free the storage if this tensor is dropped undisposed.
   * The registration itself is deferred (see `pendingFinalizers`): most tensors made outside
   * tidy() are disposed within the same task, and for them it never happens.
   */
  _registerFinalizer(): void {
    if (this._finalizable !== Finalizable.No || this.disposed || !finalizer) return;
    this._finalizable = Finalizable.Pending;
    pendingFinalizers.push(this);
    if (pendingFinalizers.length >= MAX_PENDING_FINALIZERS) registerPendingFinalizers();
    else if (!flushScheduled) {
      flushScheduled = true;
      queueMicrotask(registerPendingFinalizers);
    }
  }
  /** @internal Called by `registerPendingFinalizers` for a tensor still pending. */
  _registerFinalizerNow(): void {
    if (this._finalizable !== Finalizable.Pending) return;
    if (this.disposed) {
      this._finalizable = Finalizable.No;
      return;
    }
    finalizer?.register(this, this._storage, this);
    this._finalizable = Finalizable.Registered;
  }
  private _finalizable: Finalizable = Finalizable.No;

  /** @internal Point this tensor at new storage of another dtype (`Module.to('float64')`). */
  _replaceStorageAndDType(storage: Storage, dtype: DType): void {
    this._replaceStorage(storage);
    (this as { dtype: DType }).dtype = dtype;
    this.cachedInfo = null;
  }

  /** @internal Point this tensor at new storage (in-place updates by optimizers). */
  _replaceStorage(storage: Storage): void {
    this._assertAlive('assign');
    if (storage === this._storage) return;
    storage.retain();
    // A pending registration reads the storage when it happens, so only a registered one is redone.
    const registered = this._finalizable === Finalizable.Registered;
    if (registered) finalizer?.unregister(this);
    if (storage.stats !== this._storage.stats) {
      // Moving to another backend (Module.to in place): the tensor is counted there now.
      this._storage.stats.tensors--;
      storage.stats.tensors++;
      this.cachedInfo = null;
    }
    this._storage.release();
    this._storage = storage;
    if (registered) finalizer?.register(this, storage, this);
  }

  /** Free the storage now (if no other view shares it). Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this._finalizable === Finalizable.Registered) finalizer?.unregister(this);
    this._finalizable = Finalizable.No;
    this._storage.stats.tensors--;
    this._storage.release();
    this._scope?.tracked.delete(this);
    this._scope = null;
    this._node = null;
    const keepers = this._keepers;
    this._keepers = null;
    if (keepers) for (const k of keepers) k.detach();
    if (this.grad) {
      this.grad.dispose();
      this.grad = null;
    }
  }

  /** Read the values (a copy, row-major). Works on every backend. */
  async data(): Promise<TypedArray> {
    this._assertAlive('data');
    await runChecks();
    this._assertAlive('data');
    return this.backend.read(this._storage.handle);
  }

  /** Read synchronously; throws on backends whose readback is async-only. */
  dataSync(): TypedArray {
    this._assertAlive('dataSync');
    const b = this.backend;
    if (!b.readSync) {
      throw new BackendError(
        'dataSync',
        `backend '${b.name}' only supports asynchronous readback; use \`await t.data()\``,
      );
    }
    runChecksSync();
    return b.readSync(this._storage.handle);
  }

  /** Values as nested arrays (numbers; bool as booleans). */
  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape, this.dtype);
  }
  /**
   * Values as nested arrays, read synchronously (as `dataSync()`; throws on backends without synchronous
   * readback).
   */
  arraySync(): NestedArray {
    return toNested(this.dataSync(), this.shape, this.dtype);
  }

  /** The single value of a one-element tensor (as `data()`, works on every backend). */
  async item(): Promise<number> {
    this.checkOneElement('item');
    return (await this.data())[0];
  }

  /** The single value, read synchronously (as `dataSync()`; throws on async-only backends). */
  itemSync(): number {
    this.checkOneElement('itemSync');
    return this.dataSync()[0];
  }

  private checkOneElement(op: string): void {
    if (this.size !== 1) {
      throw new ShapeError(
        op,
        `tensor has ${this.size} elements (shape ${fmtShape(this.shape)}); expected exactly one`,
      );
    }
  }

  /** Prints like PyTorch: `tensor([[1., 2.], [3., 4.]], dtype=float32)`. Reads synchronously. */
  toString(): string {
    if (this.disposed) return `tensor(<disposed>, shape=${fmtShape(this.shape)}, dtype=${this.dtype})`;
    if (!this.backend.readSync)
      return `tensor(<on ${this.backendName}: use await t.data()>, shape=${fmtShape(this.shape)}, dtype=${this.dtype})`;
    return formatTensor(this.dataSync(), this.shape, this.dtype, this._node !== null || this.requiresGrad);
  }

  // ---- chainable ops: each delegates to the op function of the same name ----
  /** Elementwise `this + b`, NumPy broadcasting. */
  add(b: TensorLike): Tensor {
    return ops.add(this, b);
  }
  /** Elementwise `this − b`, NumPy broadcasting. */
  sub(b: TensorLike): Tensor {
    return ops.sub(this, b);
  }
  /** Elementwise `this · b`, NumPy broadcasting. */
  mul(b: TensorLike): Tensor {
    return ops.mul(this, b);
  }
  /** Elementwise `this / b`, NumPy broadcasting (integers divide in float32). */
  div(b: TensorLike): Tensor {
    return ops.div(this, b);
  }
  /** Elementwise `this ** b`, NumPy broadcasting. */
  pow(b: TensorLike): Tensor {
    return ops.pow(this, b);
  }
  /** Elementwise maximum; on ties the gradient goes to `b` (the seed's Max module). */
  maximum(b: TensorLike): Tensor {
    return ops.maximum(this, b);
  }
  /** Elementwise minimum; on ties the gradient goes to `b`. */
  minimum(b: TensorLike): Tensor {
    return ops.minimum(this, b);
  }
  /** Elementwise `this == b` as a bool tensor. */
  equal(b: TensorLike): Tensor {
    return ops.equal(this, b);
  }
  /** Elementwise `this != b` as a bool tensor. */
  notEqual(b: TensorLike): Tensor {
    return ops.notEqual(this, b);
  }
  /** Elementwise `this < b` as a bool tensor. */
  less(b: TensorLike): Tensor {
    return ops.less(this, b);
  }
  /** Elementwise `this <= b` as a bool tensor. */
  lessEqual(b: TensorLike): Tensor {
    return ops.lessEqual(this, b);
  }
  /** Elementwise `this > b` as a bool tensor. */
  greater(b: TensorLike): Tensor {
    return ops.greater(this, b);
  }
  /** Elementwise `this >= b` as a bool tensor. */
  greaterEqual(b: TensorLike): Tensor {
    return ops.greaterEqual(this, b);
  }
  /** Elementwise −x. */
  neg(): Tensor {
    return ops.neg(this);
  }
  /** Elementwise eˣ. */
  exp(): Tensor {
    return ops.exp(this);
  }
  /** Elementwise natural logarithm. */
  log(): Tensor {
    return ops.log(this);
  }
  /** Elementwise square root. */
  sqrt(): Tensor {
    return ops.sqrt(this);
  }
  /** Elementwise 1/√x. */
  rsqrt(): Tensor {
    return ops.rsqrt(this);
  }
  /** Elementwise |x|. */
  abs(): Tensor {
    return ops.abs(this);
  }
  /** Elementwise sign: −1, 0 or 1 (NaN stays NaN). */
  sign(): Tensor {
    return ops.sign(this);
  }
  /** Elementwise x². */
  square(): Tensor {
    return ops.square(this);
  }
  /** Elementwise 1/x. */
  reciprocal(): Tensor {
    return ops.reciprocal(this);
  }
  /** Elementwise max(x, 0); the gradient is masked where x < 0. */
  relu(): Tensor {
    return ops.relu(this);
  }
  /** Elementwise logistic sigmoid 1 / (1 + e^−x). */
  sigmoid(): Tensor {
    return ops.sigmoid(this);
  }
  /** Elementwise hyperbolic tangent. */
  tanh(): Tensor {
    return ops.tanh(this);
  }
  /** Elementwise softplus log(1 + eˣ), computed stably. */
  softplus(): Tensor {
    return ops.softplus(this);
  }
  /** Sum over `axes` (all when omitted), keeping reduced axes as size 1 with `keepdims`. */
  sum(axes?: Axes, keepdims?: boolean): Tensor {
    return ops.sum(this, axes, keepdims);
  }
  /** Mean over `axes` (all when omitted). */
  mean(axes?: Axes, keepdims?: boolean): Tensor {
    return ops.mean(this, axes, keepdims);
  }
  /** Maximum over `axes` (all when omitted); the gradient is split evenly among ties. */
  max(axes?: Axes, keepdims?: boolean): Tensor {
    return ops.max(this, axes, keepdims);
  }
  /** Minimum over `axes` (all when omitted); the gradient is split evenly among ties. */
  min(axes?: Axes, keepdims?: boolean): Tensor {
    return ops.min(this, axes, keepdims);
  }
  /** Product over `axes` (all when omitted). */
  prod(axes?: Axes, keepdims?: boolean): Tensor {
    return ops.prod(this, axes, keepdims);
  }
  /**
   * Index of the largest value along `axis` (of the flattened tensor when omitted), int32; the first on ties.
   */
  argmax(axis?: number, keepdims?: boolean): Tensor {
    return ops.argmax(this, axis, keepdims);
  }
  /**
   * Index of the smallest value along `axis` (of the flattened tensor when omitted), int32; the first on
   * ties.
   */
  argmin(axis?: number, keepdims?: boolean): Tensor {
    return ops.argmin(this, axis, keepdims);
  }
  /** log Σ exp(x) over `axes`, computed stably. */
  logsumexp(axes?: Axes, keepdims?: boolean): Tensor {
    return ops.logsumexp(this, axes, keepdims);
  }
  /**
   * Matrix product with `b` (batched, broadcast batch dims; transpose flags without materialising a
   * transpose).
   */
  matmul(b: Tensor, opts?: ops.MatmulOptions): Tensor {
    return ops.matmul(this, b, opts);
  }
  /** The same values in a new shape with as many elements; one dimension may be −1 (inferred). */
  reshape(shape: readonly number[]): Tensor {
    return ops.reshape(this, shape);
  }
  /** Merges the dims from `startDim` to `endDim` (default all) into one. */
  flatten(startDim?: number, endDim?: number): Tensor {
    return ops.flatten(this, startDim, endDim);
  }
  /** Reverse every axis (`.T` of a matrix). */
  transpose(): Tensor;
  /** Swap two dims, as PyTorch's `x.transpose(dim0, dim1)`. */
  transpose(dim0: number, dim1: number): Tensor;
  /** A full permutation of all axes (TF.js / NumPy); `permute` is the PyTorch name. */
  transpose(perm: readonly number[]): Tensor;
  transpose(...args: unknown[]): Tensor {
    // Passed through as given, so that extra or malformed arguments reach the op's checks.
    return (ops.transpose as (x: Tensor, ...a: unknown[]) => Tensor)(this, ...args);
  }
  /** Reorder all axes: `x.permute(2, 0, 1)` or `x.permute([2, 0, 1])`. */
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return ops.permute(this, ...dims);
  }
  /** Removes size-1 axes (the given ones, which must have size 1, or all). */
  squeeze(axes?: number | readonly number[]): Tensor {
    return ops.squeeze(this, axes);
  }
  /** Inserts a size-1 axis at `axis`. */
  unsqueeze(axis: number): Tensor {
    return ops.unsqueeze(this, axis);
  }
  /** Broadcasts to `shape` (NumPy rules; −1 keeps a dimension); a copy, not a view. */
  expand(shape: readonly number[]): Tensor {
    return ops.expand(this, shape);
  }
  /** The block starting at `begin` with `size` elements per axis (−1 or omitted: to the end). */
  slice(begin: readonly number[], size?: readonly number[]): Tensor {
    return ops.slice(this, begin, size);
  }
  /** Index-select along `axis` (TF.js `gather`); PyTorch's `x.gather(dim, index)` is `x.takeAlongAxis(index, dim)`. */
  gather(indices: Tensor, axis?: number): Tensor {
    return ops.gather(this, indices, axis);
  }
  /** NumPy `take_along_axis` / PyTorch `torch.gather`: the result has the shape of `indices`. */
  takeAlongAxis(indices: Tensor, axis: number): Tensor {
    return ops.takeAlongAxis(this, indices, axis);
  }
  /** Same as `takeAlongAxis` (PyTorch's `gather`, argument order (index, dim)). */
  gatherAlong(indices: Tensor, axis: number): Tensor {
    return ops.takeAlongAxis(this, indices, axis);
  }
  /** Stable softmax along `axis` (default the last). */
  softmax(axis?: number): Tensor {
    return ops.softmax(this, axis);
  }
  /** Stable log-softmax along `axis` (default the last): x − logsumexp(x). */
  logSoftmax(axis?: number): Tensor {
    return ops.logSoftmax(this, axis);
  }
  /** The values converted to `dtype`. */
  cast(dtype: DType): Tensor {
    return ops.cast(this, dtype);
  }
  /** A copy that is part of the graph (gradients flow back through it). */
  clone(): Tensor {
    return ops.clone(this);
  }
  /** The same values (sharing storage) cut from the graph: no gradient flows back through it. */
  detach(): Tensor {
    return ops.detach(this);
  }
  /**
   * A copy on another registered backend; gradients flow back across the move. Needs synchronous readback on
   * this backend (otherwise use `toAsync`).
   */
  to(backendName: string): Tensor {
    return ops.to(this, backendName);
  }
  /** Back-propagate from this tensor (a scalar, or pass the upstream gradient). */
  backward(grad?: Tensor, opts?: BackwardOptions): void {
    backward(this, grad, opts);
  }
  /** `backward` through moves from backends without synchronous readback (awaits the gradient's way back). */
  backwardAsync(grad?: Tensor, opts?: BackwardOptions): Promise<void> {
    return backwardAsync(this, grad, opts);
  }
  /** Dispose and clear `.grad`. */
  zeroGrad(): void {
    this.grad?.dispose();
    this.grad = null;
  }
  /** Set requiresGrad (float tensors only) and return this. */
  requiresGrad_(on = true): this {
    ops.setRequiresGrad(this, on);
    return this;
  }

  /** Keep non-leaf gradients in `.grad` during backward (like PyTorch's retain_grad). */
  retainGrad(): this {
    this._retainGrad = true;
    return this;
  }
}

function toNested(values: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  const conv = (v: number): number | boolean => (dtype === 'bool' ? v !== 0 : v);
  if (shape.length === 0) return conv(values[0]);
  let offset = 0;
  const build = (dim: number): NestedArray[] => {
    const n = shape[dim];
    const out: NestedArray[] = new Array(n);
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = conv(values[offset++]);
    } else {
      for (let i = 0; i < n; i++) out[i] = build(dim + 1);
    }
    return out;
  };
  return build(0);
}
