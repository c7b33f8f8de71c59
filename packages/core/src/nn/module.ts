/**
 * The base class of every layer, loss and network.
 *
 * Calling a module: TypeScript classes cannot be made callable without losing
 * their types, so a module is run with `module.forward(x)` (PyTorch's
 * `model(x)`). Subclasses override `forward` with their exact signature.
 *
 * Registration is explicit: a subclass calls `registerParameter(name, t)`,
 * `registerModule(name, m)` in its constructor and reads them back with
 * `getParameter(name)` / `getModule(name)` (typically through a getter, e.g.
 * `get weight() { return this.getParameter('weight'); }`). Explicit names give
 * stable, dotted state-dict keys (`layers.0.weight`) independent of field
 * names, frozen parameters (requiresGrad = false) stay in the state dict, and
 * `functionalCall` can swap parameters for a single call.
 *
 * Parameters are long-lived: registration `keep()`s them, so a model built
 * inside `tidy()` survives it. Free a model with `module.dispose()`.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { checkDType, DTYPES, type DType } from '../dtype.js';
import { ArgumentError, DTypeError } from '../errors.js';
import { keep } from '../memory.js';
import { cast } from '../ops/cast.js';
import { detach } from '../ops/reshape.js';
import { clone, to, toAsync } from '../ops/transfer.js';
import { checkOptions } from '../options.js';
import { Tensor } from '../tensor.js';
import { assignInPlace } from './assign-in-place.js';
import { checkStateDict, type StateDict } from './state-dict.js';

/** Where `Module.to` sends the parameters: a backend, a float dtype, or both. */
export interface ModuleTarget {
  readonly backend?: string;
  readonly dtype?: DType;
}

function moduleTarget(
  op: string,
  target: string | ModuleTarget,
): { backend?: string; dtype?: 'float32' | 'float64' } {
  let backend: string | undefined;
  let dtype: unknown;
  if (typeof target === 'string') {
    if ((DTYPES as readonly string[]).includes(target)) dtype = target;
    else backend = target;
  } else {
    checkOptions(op, target, ['backend', 'dtype']);
    if (target === undefined)
      throw new ArgumentError(op, 'got no target; expected a backend name, a dtype or { backend, dtype }');
    backend = target.backend;
    dtype = target.dtype;
  }
  if (dtype !== undefined) {
    checkDType(op, dtype);
    if (dtype !== 'float32' && dtype !== 'float64')
      throw new DTypeError(op, `dtype ${dtype}; parameters are float: expected float32 or float64`);
  }
  return { backend, dtype: dtype as 'float32' | 'float64' | undefined };
}

/** What `forward` returns: one tensor, or several (graph modules such as `Duplicate`). */
export type ModuleOutput = Tensor | readonly Tensor[];

const NAME_PATTERN = /^[A-Za-z0-9_]+$/;

/**
 * The base of every layer and model, as PyTorch's `nn.Module`: registered parameters and sub-modules (dotted
 * names), train/eval mode, `stateDict`/`loadStateDict`, moving to a backend. Subclasses implement `forward`.
 */
export abstract class Module {
  /** True in training mode (the default); `Dropout` only drops in training mode. */
  training = true;
  /** @internal Registered parameters in registration order. */
  readonly _parameters = new Map<string, Tensor>();
  /** @internal Registered sub-modules in registration order. */
  readonly _modules = new Map<string, Module>();

  /** Run the module. Subclasses narrow the signature (`forward(x: Tensor): Tensor`). */
  abstract forward(...inputs: Tensor[]): ModuleOutput;

  /**
   * Register `tensor` as a trainable parameter under `name` (letters, digits,
   * underscore). It becomes a gradient-requiring leaf and is kept alive
   * outside any `tidy()` scope. Returns the tensor.
   */
  registerParameter(name: string, tensor: Tensor): Tensor {
    this.checkNewName('registerParameter', name);
    if (!(tensor instanceof Tensor)) {
      throw new ArgumentError(
        'registerParameter',
        `parameter '${name}' is ${describeValue(tensor)}; expected a Tensor`,
      );
    }
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'float64') {
      throw new ArgumentError(
        'registerParameter',
        `parameter '${name}' has dtype ${tensor.dtype}; expected float32 or float64 (gradients need floats)`,
      );
    }
    if (!tensor.isLeaf) {
      throw new ArgumentError(
        'registerParameter',
        `parameter '${name}' is the result of an op; expected a leaf tensor (use t.detach())`,
      );
    }
    keep(tensor);
    tensor.requiresGrad = true;
    this._parameters.set(name, tensor);
    return tensor;
  }

  /** Register a child module under `name`; its parameters appear as `name.<param>`. Returns the module. */
  registerModule<M extends Module>(name: string, module: M): M {
    this.checkNewName('registerModule', name);
    if (!(module instanceof Module)) {
      throw new ArgumentError(
        'registerModule',
        `module '${name}' is ${describeValue(module)}; expected a Module`,
      );
    }
    this._modules.set(name, module);
    return module;
  }

  /** The parameter registered as `name` on this module (not a dotted path). */
  getParameter(name: string): Tensor {
    const p = this._parameters.get(name);
    if (!p) {
      throw new ArgumentError(
        'getParameter',
        `${this.constructor.name} has no parameter '${name}'; it has [${[...this._parameters.keys()].join(', ')}]`,
      );
    }
    return p;
  }

  /** The parameter registered as `name`, or null when the module was built without it (e.g. `bias: false`). */
  getOptionalParameter(name: string): Tensor | null {
    return this._parameters.get(name) ?? null;
  }

  /** The child module registered as `name`. */
  getModule(name: string): Module {
    const m = this._modules.get(name);
    if (!m) {
      throw new ArgumentError(
        'getModule',
        `${this.constructor.name} has no sub-module '${name}'; it has [${[...this._modules.keys()].join(', ')}]`,
      );
    }
    return m;
  }

  /** Direct children, in registration order. */
  children(): Module[] {
    return [...this._modules.values()];
  }

  /** This module and every descendant with its dotted path ('' for this one), depth first. */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this._modules) out.push(...child.namedModules(joinName(prefix, name)));
    return out;
  }

  /** Every parameter with its dotted name (`layers.0.weight`), in registration order, each tensor once. */
  namedParameters(): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [path, module] of this.namedModules()) {
      for (const [name, p] of module._parameters) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([joinName(path, name), p]);
      }
    }
    return out;
  }

  /** Every parameter (shared ones once), in registration order: what an optimizer takes. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Total number of scalar parameters. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Training mode (or evaluation mode with `train(false)`), recursively. Returns this. */
  train(on = true): this {
    for (const [, m] of this.namedModules()) m.training = on;
    return this;
  }

  /** Evaluation mode, recursively: Dropout becomes the identity. Returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Free every parameter's gradient (PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /**
   * A snapshot of every parameter by dotted name: detached copies, so later
   * training steps do not change it. The caller owns (and disposes) them.
   */
  stateDict(): StateDict {
    return noGrad(() => {
      const out: Record<string, Tensor> = {};
      for (const [name, p] of this.namedParameters()) out[name] = keep(clone(p));
      return out;
    });
  }

  /**
   * Copy `dict`'s values into the parameters in place (values are moved to the
   * parameter's backend and cast to its dtype). Everything is validated before
   * anything changes: with `strict` (default) a missing or unexpected key is an
   * ArgumentError naming it; a wrongly shaped value is always a ShapeError
   * naming the key. Non-strict loading skips missing and unexpected keys.
   */
  loadStateDict(dict: StateDict, options: { strict?: boolean } = {}): void {
    checkOptions('loadStateDict', options, ['strict']);
    const strict = options.strict ?? true;
    const params = new Map(this.namedParameters());
    const assignments = checkStateDict('loadStateDict', params, dict, strict);
    for (const [param, value] of assignments) assignInPlace(param, value);
  }

  /**
   * Move every parameter, its gradient and the state an optimizer keeps for it
   * (momentum, Adam's m and v) to another backend, or convert them to another
   * float dtype, in place: the same Tensor objects now live there, so
   * references held elsewhere (an optimizer) stay valid. `target` is a backend
   * name, a dtype (`model.to('float64')`, as PyTorch's `model.double()`), or
   * `{ backend, dtype }`. Moving needs a source backend with synchronous
   * readback (otherwise use `toAsync`). Returns this.
   */
  to(target: string | ModuleTarget): this {
    const { backend, dtype } = moduleTarget('to', target);
    if (backend !== undefined) {
      noGrad(() => {
        for (const t of this.tensorsToMove(backend)) {
          const moved = to(t, backend);
          t._replaceStorage(moved._storage);
          moved.dispose();
        }
      });
    }
    if (dtype !== undefined) this.convert(dtype);
    return this;
  }

  /**
   * Like `to`, for every backend (the reads are awaited, so sources without
   * synchronous readback work): parameters, gradients and optimizer state move
   * in place. Returns this.
   */
  async toAsync(target: string | ModuleTarget): Promise<this> {
    const { backend, dtype } = moduleTarget('toAsync', target);
    if (backend !== undefined) {
      const tensors = this.tensorsToMove(backend);
      // Detached views, so the copies record no graph; freed once copied.
      const views = tensors.map((t) => detach(t));
      let moved: Tensor[];
      try {
        moved = await Promise.all(views.map((v) => toAsync(v, backend)));
      } finally {
        for (const v of views) v.dispose();
      }
      noGrad(() => {
        tensors.forEach((t, i) => {
          t._replaceStorage(moved[i]._storage);
          moved[i].dispose();
        });
      });
    }
    if (dtype !== undefined) this.convert(dtype);
    return this;
  }

  /** Parameters, gradients and optimizer state converted to `dtype` in place (no readback). */
  private convert(dtype: 'float32' | 'float64'): void {
    noGrad(() => {
      for (const p of this.parameters()) {
        for (const t of [p, p.grad, ...(p._followers ?? [])]) {
          if (!t || t.isDisposed || t.dtype === dtype) continue;
          const c = cast(t, dtype);
          t._replaceStorageAndDType(c._storage, dtype);
          c.dispose();
        }
      }
    });
  }

  /** Parameters not on `backendName`, with their gradients and followers (optimizer state). */
  private tensorsToMove(backendName: string): Tensor[] {
    const out: Tensor[] = [];
    for (const p of this.parameters()) {
      if (p.backendName === backendName) continue;
      out.push(p);
      if (p.grad && p.grad.backendName !== backendName) out.push(p.grad);
      for (const f of p._followers ?? []) if (!f.isDisposed && f.backendName !== backendName) out.push(f);
    }
    return out;
  }

  /** Free every parameter and gradient. The module is unusable afterwards. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
  }

  /** One line describing this module's own settings, shown by `toString()`. */
  protected extraRepr(): string {
    return '';
  }

  /** PyTorch-style tree: `Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n ...)`. */
  toString(): string {
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (this._modules.size === 0) return `${head})`;
    const lines = [...this._modules].map(
      ([name, m]) => `  (${name}): ${m.toString().split('\n').join('\n  ')}`,
    );
    return `${head}\n${lines.join('\n')}\n)`;
  }

  private checkNewName(op: string, name: string): void {
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
      throw new ArgumentError(
        op,
        `name ${JSON.stringify(name)} is invalid; expected letters, digits or underscores (no dots)`,
      );
    }
    if (this._parameters.has(name) || this._modules.has(name)) {
      throw new ArgumentError(
        op,
        `${this.constructor.name} already has a parameter or module named '${name}'; expected a new name`,
      );
    }
  }
}

function joinName(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'object'}`;
  return `a ${typeof v}`;
}
