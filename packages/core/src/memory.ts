import { holdGraph } from './autograd/graph-lifetime.js';
import { Scope, type Scoped, scopes } from './engine.js';
import { ArgumentError } from './errors.js';
import { Tensor } from './tensor.js';

function collectTensors(value: unknown, into: Set<Tensor>, seen: Set<unknown> = new Set()): void {
  if (value instanceof Tensor) {
    into.add(value);
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) for (const v of value) collectTensors(v, into, seen);
  else if (value instanceof Map) for (const v of value.values()) collectTensors(v, into, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype)
    for (const v of Object.values(value)) collectTensors(v, into, seen);
}

/**
 * Run `fn` and dispose every tensor it created, except those it returns
 * (found in arrays, Maps and plain objects), those passed to `keep()`, and
 * gradients stored in `.grad`. Returned tensors move to the enclosing scope.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new ArgumentError('tidy', `got ${typeof fn}; expected a function`);
  const scope = new Scope();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    disposeScope(scope, new Set());
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) {
    throw new ArgumentError(
      'tidy',
      'got a function returning a Promise; expected a synchronous function (async work escapes the scope)',
    );
  }
  const survivors = new Set<Tensor>();
  if (result !== null && typeof result === 'object') collectTensors(result, survivors);
  disposeScope(scope, survivors);
  const parent = scopes[scopes.length - 1] ?? null;
  for (const t of survivors) {
    if (t._scope === scope) {
      t._scope = parent;
      if (parent) parent.tracked.add(t);
      else t._registerFinalizer();
    }
  }
  return result;
}

function disposeScope(scope: Scope, survivors: Set<Tensor>): void {
  const doomed: Tensor[] = [];
  for (const t of scope.tracked) {
    if (t._kept || survivors.has(t as Tensor)) continue;
    doomed.push(t as Tensor);
  }
  scope.tracked.clear();
  // What the survivors' graphs need stays alive until their backward (or disposal).
  for (const t of holdGraph(survivors, doomed)) t.dispose();
}

/** Exempt a tensor from every enclosing tidy scope; it lives until disposed. */
export function keep<T extends Scoped>(t: T): T {
  t._kept = true;
  t._scope?.tracked.delete(t);
  t._scope = null;
  t._registerFinalizer();
  return t;
}

/** Dispose a tensor, or every tensor in an array/object. */
export function dispose(value: unknown): void {
  const all = new Set<Tensor>();
  collectTensors(value, all);
  for (const t of all) t.dispose();
}
