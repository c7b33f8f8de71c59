/**
 * The base of every optimizer: parameter groups, per-parameter state (step
 * count and buffers such as momentum or Adam's m and v, kept on the
 * parameter's device), `zeroGrad()`, and state dicts.
 *
 * Updates run in place on the device through core's `sgdUpdate` /
 * `adamUpdate` (the backend's fused kernel, or core's composition); nothing
 * is read back to the host during a step. Parameters without a gradient are
 * skipped.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { state } from '../engine.js';
import { ArgumentError, BackendError, DTypeError, fmtShape, NumericsError, ShapeError } from '../errors.js';
import { keep } from '../memory.js';
import { cast } from '../ops/cast.js';
import { zerosLike } from '../ops/creation.js';
import { assignUpdate } from '../ops/optimizer-updates.js';
import { clone, to } from '../ops/transfer.js';
import { checkOptions } from '../options.js';
import { shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';

/** One parameter's step, computed but not applied: each target takes its new value. */
export interface PendingUpdate {
  readonly param: Tensor;
  readonly assignments: readonly (readonly [target: Tensor, value: Tensor])[];
}

/** Options every optimizer has; schedulers change `lr`. */
export interface BaseOptions {
  lr: number;
}

/** A group of parameters sharing options (PyTorch's param_groups). Options are mutable. */
export type ParamGroup<O extends BaseOptions> = O & { params: Tensor[] };

/** A group as given to a constructor: its own parameters, any option overriding the defaults. */
export type ParamGroupInput<O extends BaseOptions> = Partial<O> & { params: Iterable<Tensor> };

/** What an optimizer is constructed from: parameters (e.g. `model.parameters()`) or groups. */
export type ParamsInput<O extends BaseOptions> = Iterable<Tensor> | readonly ParamGroupInput<O>[];

/** Per-parameter state: the number of updates applied and the named buffers. */
export interface ParamState {
  step: number;
  buffers: Record<string, Tensor>;
}

/**
 * A snapshot of an optimizer. Parameters are named by their position across
 * groups (0, 1, ...), as in PyTorch; buffers are detached copies owned by the caller.
 */
export interface OptimizerStateDict<O extends BaseOptions = BaseOptions> {
  state: Record<number, { step: number; buffers: Record<string, Tensor> }>;
  paramGroups: (O & { params: number[] })[];
}

/**
 * The base of every optimizer: parameter groups with their options, per-parameter state, `zeroGrad`, `step`,
 * and `stateDict`/`loadStateDict` as in PyTorch.
 */
export abstract class Optimizer<O extends BaseOptions> {
  readonly paramGroups: ParamGroup<O>[];
  /** @internal */ protected readonly state = new Map<Tensor, ParamState>();
  private readonly opName: string;

  /**
   * @param defaults every option's default; `options` (checked against `keys`,
   *   unknown ones rejected naming the valid ones) override them.
   */
  protected constructor(
    opName: string,
    params: ParamsInput<O>,
    defaults: Partial<O>,
    options: Partial<O> | undefined,
    keys: { readonly valid: readonly string[]; readonly required?: readonly string[] },
  ) {
    this.opName = opName;
    this.optionKeys = keys.valid;
    checkOptions(opName, options, keys.valid, keys.required);
    const merged = { ...defaults, ...options } as O;
    this.validate(merged);
    const groups = toGroupInputs(opName, params);
    const seen = new Set<Tensor>();
    this.paramGroups = groups.map((g, gi) => {
      const list = [...g.params];
      list.forEach((p, i) => {
        if (!(p instanceof Tensor))
          throw new ArgumentError(opName, `group ${gi} item ${i} is not a Tensor; expected parameters`);
        if (p.dtype !== 'float32' && p.dtype !== 'float64') {
          throw new ArgumentError(
            opName,
            `parameter ${i} of group ${gi} has dtype ${p.dtype}; expected float32 or float64`,
          );
        }
        if (seen.has(p))
          throw new ArgumentError(
            opName,
            `parameter ${i} of group ${gi} appears twice; expected each parameter once`,
          );
        seen.add(p);
      });
      const { params: _ignored, ...overrides } = g;
      checkOptions(`${opName} (param group ${gi})`, overrides, keys.valid);
      const group = { ...merged, ...overrides, params: list } as ParamGroup<O>;
      this.validate(group);
      return group;
    });
    if (seen.size === 0) throw new ArgumentError(opName, 'got no parameters; expected at least one tensor');
  }

  private readonly optionKeys: readonly string[];

  /** Check one group's options; throw ArgumentError naming the bad one. */
  protected abstract validate(options: O): void;

  /** The new values of `param` and its state for one step, computed into new tensors (nothing assigned yet). */
  protected abstract computeUpdate(group: ParamGroup<O>, param: Tensor, grad: Tensor): PendingUpdate;

  /**
   * Apply one update to every parameter that has a gradient, all or nothing:
   * every group's options and every gradient are checked, and every update is
   * computed into new storage, before any parameter or state changes. With
   * `setDebugNumerics(true)`, a NaN/Inf gradient or update is an error too.
   */
  step(): void {
    const op = `${this.opName}.step`;
    // Options are mutable (schedulers, user code): check them again, every group.
    for (const g of this.paramGroups) this.validate(g);
    this.checkGradients(op);
    if (state.debugNumerics) this.checkGradientsFinite(op);
    const pending: PendingUpdate[] = [];
    try {
      for (const g of this.paramGroups) {
        for (const p of g.params) if (p.grad) pending.push(this.computeUpdate(g, p, p.grad));
      }
    } catch (e) {
      for (const u of pending) for (const [, value] of u.assignments) value.dispose();
      throw e;
    }
    for (const u of pending) {
      for (const [target, value] of u.assignments) assignUpdate(target, value);
      this.stateOf(u.param).step++;
    }
  }

  /** Debug numerics: every gradient finite (read synchronously where the backend can). */
  private checkGradientsFinite(op: string): void {
    this.params.forEach((p, i) => {
      const g = p.grad;
      if (!g?.backend.readSync) return;
      const values = g.dataSync();
      for (let k = 0; k < values.length; k++) {
        if (!Number.isFinite(values[k])) {
          throw new NumericsError(
            op,
            `parameter ${i} ${fmtShape(p.shape)} has a gradient of ${values[k]} at element ${k} (debug numerics is on; no parameter was updated)`,
          );
        }
      }
    });
  }

  /** Every parameter, in group order. */
  get params(): Tensor[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** Free every parameter's gradient (set to null, as PyTorch's default). */
  zeroGrad(): void {
    for (const p of this.params) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /**
   * Check every gradient before any parameter moves, so a bad one (wrong shape,
   * dtype or backend, or disposed) leaves the whole model untouched.
   */
  protected checkGradients(op: string): void {
    this.params.forEach((p, i) => {
      const g = p.grad;
      if (!g) return;
      p._assertAlive(op);
      g._assertAlive(op);
      if (!shapesEqual(g.shape, p.shape)) {
        throw new ShapeError(
          op,
          `parameter ${i} ${fmtShape(p.shape)} has a gradient of shape ${fmtShape(g.shape)}; expected the parameter's shape (no parameter was updated)`,
        );
      }
      if (g.dtype !== p.dtype) {
        throw new DTypeError(
          op,
          `parameter ${i} (${p.dtype}) has a ${g.dtype} gradient; expected ${p.dtype} (no parameter was updated)`,
        );
      }
      if (g.backend !== p.backend) {
        throw new BackendError(
          op,
          `parameter ${i} is on '${p.backendName}' but its gradient on '${g.backendName}'; expected one backend (no parameter was updated)`,
        );
      }
    });
  }

  /** The state of `param`, creating it (step 0, no buffers) on first use. */
  protected stateOf(param: Tensor): ParamState {
    let s = this.state.get(param);
    if (!s) {
      s = { step: 0, buffers: {} };
      this.state.set(param, s);
    }
    return s;
  }

  /**
   * The buffer `name` of `param`, created as zeros like the parameter on first
   * use. Buffers follow their parameter: `Module.to` / `toAsync` move them along.
   */
  protected buffer(param: Tensor, name: string): Tensor {
    const s = this.stateOf(param);
    let b = s.buffers[name];
    if (!b) {
      b = keep(noGrad(() => zerosLike(param)));
      s.buffers[name] = b;
      follow(param, b);
    } else if (b.backendName !== param.backendName) {
      // The parameter was moved by other means than Module.to: follow it, in place.
      if (!b.backend.readSync) {
        throw new BackendError(
          this.opName,
          `the '${name}' state of a parameter is on '${b.backendName}' (asynchronous readback only) but the parameter moved to '${param.backendName}'; move models with \`await model.toAsync(name)\`, which moves optimizer state along`,
        );
      }
      const moved = noGrad(() => to(b as Tensor, param.backendName));
      b._replaceStorage(moved._storage);
      moved.dispose();
    }
    return b;
  }

  /** A snapshot of options and state (buffers copied; the caller owns them). */
  stateDict(): OptimizerStateDict<O> {
    const index = new Map(this.params.map((p, i) => [p, i]));
    const state: OptimizerStateDict<O>['state'] = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      const buffers: Record<string, Tensor> = {};
      for (const [name, b] of Object.entries(s.buffers)) buffers[name] = keep(noGrad(() => clone(b)));
      state[i] = { step: s.step, buffers };
    }
    let offset = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...options } = g;
      const ids = params.map((_, k) => offset + k);
      offset += params.length;
      return { ...(options as unknown as O), params: ids };
    });
    return { state, paramGroups };
  }

  /**
   * Restore options and state from `stateDict()` of an optimizer over the same
   * parameters (same groups and sizes). Everything is validated first; on
   * error nothing changes. Buffers are copied onto each parameter's backend.
   */
  loadStateDict(dict: OptimizerStateDict<O>): void {
    const op = `${this.opName}.loadStateDict`;
    if (!dict || !Array.isArray(dict.paramGroups) || typeof dict.state !== 'object' || dict.state === null) {
      throw new ArgumentError(op, 'expected an object { state, paramGroups } from stateDict()');
    }
    if (dict.paramGroups.length !== this.paramGroups.length) {
      throw new ArgumentError(
        op,
        `state dict has ${dict.paramGroups.length} parameter groups; expected ${this.paramGroups.length}`,
      );
    }
    dict.paramGroups.forEach((g, gi) => {
      const have = this.paramGroups[gi].params.length;
      if (!Array.isArray(g.params) || g.params.length !== have) {
        throw new ArgumentError(
          op,
          `group ${gi} has ${Array.isArray(g.params) ? g.params.length : 'no'} parameters; expected ${have}`,
        );
      }
      const { params: _ignored, ...options } = g;
      checkOptions(`${op} (param group ${gi})`, options, this.optionKeys);
      this.validate({ ...this.paramGroups[gi], ...options });
    });
    const params = this.params;
    for (const [key, s] of Object.entries(dict.state)) {
      const i = Number(key);
      const p = params[i];
      if (!p)
        throw new ArgumentError(op, `state for parameter ${key}; expected indices 0..${params.length - 1}`);
      if (!Number.isInteger(s.step) || s.step < 0)
        throw new ArgumentError(op, `state ${key} has step ${s.step}; expected an integer >= 0`);
      for (const [name, b] of Object.entries(s.buffers)) {
        if (!(b instanceof Tensor) || b.isDisposed)
          throw new ArgumentError(op, `state ${key} buffer '${name}' is not a live Tensor`);
        if (!shapesEqual(b.shape, p.shape)) {
          throw new ShapeError(
            op,
            `state ${key} buffer '${name}' has shape ${fmtShape(b.shape)}; expected ${fmtShape(p.shape)} like parameter ${key}`,
          );
        }
      }
    }
    // Valid: apply.
    dict.paramGroups.forEach((g, gi) => {
      const { params: _ignored, ...options } = g;
      Object.assign(this.paramGroups[gi], options);
    });
    this.disposeState();
    for (const [key, s] of Object.entries(dict.state)) {
      const p = params[Number(key)];
      const buffers: Record<string, Tensor> = {};
      for (const [name, b] of Object.entries(s.buffers)) {
        buffers[name] = keep(
          noGrad(() => {
            const moved = b.backendName === p.backendName ? b : to(b, p.backendName);
            const typed = moved.dtype === p.dtype ? clone(moved) : cast(moved, p.dtype);
            if (moved !== b) moved.dispose();
            return typed;
          }),
        );
      }
      for (const b of Object.values(buffers)) follow(p, b);
      this.state.set(p, { step: s.step, buffers });
    }
  }

  /** Free the optimizer's state buffers (the parameters are untouched). */
  dispose(): void {
    this.disposeState();
  }

  private disposeState(): void {
    for (const [p, s] of this.state) {
      for (const b of Object.values(s.buffers)) {
        p._followers?.delete(b);
        b.dispose();
      }
    }
    this.state.clear();
  }
}

function follow(param: Tensor, buffer: Tensor): void {
  param._followers ??= new Set();
  param._followers.add(buffer);
}

function toGroupInputs<O extends BaseOptions>(opName: string, params: ParamsInput<O>): ParamGroupInput<O>[] {
  if (params === null || typeof params !== 'object' || !(Symbol.iterator in params)) {
    throw new ArgumentError(
      opName,
      'params is not iterable; expected model.parameters() or an array of { params, ...options } groups',
    );
  }
  const items = [...(params as Iterable<Tensor | ParamGroupInput<O>>)];
  const isGroup = (x: unknown): x is ParamGroupInput<O> =>
    x !== null && typeof x === 'object' && !(x instanceof Tensor) && 'params' in x;
  if (items.length > 0 && items.every(isGroup)) return items;
  if (items.some(isGroup))
    throw new ArgumentError(opName, 'params mixes tensors and groups; expected one or the other');
  return [{ params: items as Tensor[] } as unknown as ParamGroupInput<O>];
}

/** Throw unless `value` is a finite number ≥ `min` (and < `below` when given). */
export function checkOption(op: string, name: string, value: unknown, min = 0, below?: number): void {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    (below !== undefined && value >= below)
  ) {
    const range = below === undefined ? `a finite number >= ${min}` : `a number in [${min}, ${below})`;
    throw new ArgumentError(op, `${name} = ${String(value)}; expected ${range}`);
  }
}
