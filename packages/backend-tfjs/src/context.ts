/**
 * What every kernel runs with: the TF.js backend it targets, the differences
 * the adapter corrects on it, and the plumbing from Polygrad handles to
 * tf.Tensors and back.
 */
import { type DataHandle, type OutSpec, shapesEqual, sizeOf, type TensorInfo } from '@polygrad/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TfjsFixes } from './fixes.js';
import type { TfjsStorage } from './storage.js';

export class KernelContext {
  /** Tensors handed out by `input` during the current kernel (never returned as an output as is). */
  private readonly inputs: tf.Tensor[] = [];

  constructor(
    readonly tfBackend: string,
    readonly storage: TfjsStorage,
    readonly fixes: TfjsFixes,
  ) {}

  /** Make this adapter's TF.js backend the active one (TF.js runs every op on its one active backend). */
  activate(): void {
    if (tf.getBackend() === this.tfBackend) return;
    // Already initialised, so tf.setBackend switches synchronously (its body has no await on this path).
    tf.setBackend(this.tfBackend).catch(() => undefined);
    if (tf.getBackend() !== this.tfBackend) {
      throw new Error(`tfjs adapter: TF.js could not switch to its '${this.tfBackend}' backend`);
    }
  }

  /** The tf.Tensor behind `info`, with `info`'s shape (a free reshape when core viewed the handle differently). */
  input(info: TensorInfo): tf.Tensor {
    const t = this.storage.get(info.handle);
    this.inputs.push(t);
    return shapesEqual(t.shape, info.shape) ? t : tf.reshape(t, info.shape as number[]);
  }

  /**
   * Run `body` in a tf.tidy and hand its result to core as a new handle of
   * `out`'s shape and dtype. Empty outputs never reach TF.js (some of its
   * kernels read or write garbage for size-0 operands).
   */
  run(out: OutSpec, body: () => tf.Tensor): DataHandle {
    this.activate();
    if (sizeOf(out.shape) === 0)
      return this.storage.wrap(tf.zeros(out.shape as number[], out.dtype as tf.DataType));
    this.inputs.length = 0;
    const t = tf.tidy(() => this.conform(body(), out));
    return this.storage.wrap(this.owned(t));
  }

  /**
   * One TF.js op whose inputs already have the shapes core asks for: called
   * directly, without a tidy (there is nothing intermediate to clean up). This
   * is the hot path of elementwise ops and matmul; anything else goes through `run`.
   */
  runOp(out: OutSpec, infos: readonly TensorInfo[], op: (...ts: tf.Tensor[]) => tf.Tensor): DataHandle {
    this.activate();
    const ts = infos.map((info) => this.storage.get(info.handle));
    const direct = sizeOf(out.shape) > 0 && infos.every((info, i) => shapesEqual(ts[i].shape, info.shape));
    if (direct) {
      const r = op(...ts);
      if (r.dtype === out.dtype && shapesEqual(r.shape, out.shape) && !ts.includes(r))
        return this.storage.wrap(r);
      r.dispose();
    }
    return this.run(out, () => op(...infos.map((info) => this.input(info))));
  }

  /** Like `run` for kernels with several outputs. */
  runMany<T extends tf.Tensor[]>(body: () => T): T {
    this.activate();
    this.inputs.length = 0;
    const ts = tf.tidy(body);
    return ts.map((t) => this.owned(t)) as T;
  }

  wrap(t: tf.Tensor): DataHandle {
    return this.storage.wrap(t);
  }

  /** A result that is one of the inputs (an op TF.js short-circuits) gets its own tf.Tensor. */
  private owned(t: tf.Tensor): tf.Tensor {
    return this.inputs.includes(t) ? tf.clone(t) : t;
  }

  /** Cast and reshape to what core asked for. */
  conform(t: tf.Tensor, out: OutSpec): tf.Tensor {
    let r = t;
    if (r.dtype !== out.dtype) r = tf.cast(r, out.dtype as tf.DataType);
    if (!shapesEqual(r.shape, out.shape)) {
      if (r.size !== sizeOf(out.shape)) {
        throw new Error(
          `tfjs adapter: a kernel produced shape [${r.shape}] where core expected [${out.shape}]`,
        );
      }
      r = tf.reshape(r, out.shape as number[]);
    }
    return r;
  }
}
