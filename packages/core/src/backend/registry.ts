import { DTYPES } from '../dtype.js';
import { statsFor } from '../engine.js';
import { BackendError } from '../errors.js';
import { checkOptions } from '../options.js';
import type { Backend, BackendFactory, DeviceInfo, Precision } from './backend.js';
import { PRIMITIVE_KERNELS } from './kernel-table.js';

interface Registration {
  readonly name: string;
  readonly factory: BackendFactory;
  readonly priority: number;
  instance?: Backend;
  failure?: string;
  pending?: Promise<Backend>;
}

/**
 * One registered backend as `listBackends()` reports it: whether it initialises here (and why not), its
 * priority, precision and device.
 */
export interface BackendStatus {
  readonly name: string;
  readonly available: boolean;
  /** Why it is unavailable, or '' when available. */
  readonly reason: string;
  readonly priority: number;
  readonly precision: Precision | null;
  readonly device: DeviceInfo | null;
  readonly active: boolean;
}

/** What `setBackend` chose, and (for 'auto') why each higher-priority backend was skipped. */
export interface BackendSelection {
  readonly name: string;
  /** Backends tried before the chosen one (auto only), with the reason each failed. */
  readonly skipped: readonly { name: string; reason: string }[];
}

const registry = new Map<string, Registration>();
let active: Backend | null = null;

/** Register a backend under `name`. Backend packages call this on import. */
export function registerBackend(
  name: string,
  factory: BackendFactory,
  opts: { priority?: number } = {},
): void {
  if (
    typeof name !== 'string' ||
    name === '' ||
    name === 'auto' ||
    (DTYPES as readonly string[]).includes(name)
  ) {
    throw new BackendError(
      'registerBackend',
      `invalid backend name ${JSON.stringify(name)}; expected a non-empty name other than 'auto' or a dtype name (Module.to('float64') converts)`,
    );
  }
  checkOptions('registerBackend', opts, ['priority']);
  if (typeof factory !== 'function') {
    throw new BackendError(
      'registerBackend',
      `factory for '${name}' is ${factory === null ? 'null' : typeof factory}; expected a function returning a Backend (or a Promise of one)`,
    );
  }
  const live = statsFor(name);
  if (live.tensors > 0) {
    throw new BackendError(
      'registerBackend',
      `backend '${name}' still has ${live.tensors} live tensor(s) (${live.bytes} bytes); dispose them before registering another backend under the same name (tensors of two backends named '${name}' could not be told apart)`,
    );
  }
  const prev = registry.get(name);
  if (prev?.instance && active === prev.instance) active = null;
  prev?.instance?.dispose?.();
  registry.set(name, { name, factory, priority: opts.priority ?? 0 });
}

/** Forget a backend (mainly for tests). */
export function removeBackend(name: string): void {
  const reg = registry.get(name);
  if (!reg) return;
  if (reg.instance && active === reg.instance) active = null;
  reg.instance?.dispose?.();
  registry.delete(name);
}

function validate(backend: Backend, name: string): void {
  if (backend === null || typeof backend !== 'object') {
    throw new Error(
      `factory returned ${backend === null ? 'null' : typeof backend}; expected a Backend object ({ name, dtypes, upload, read, free, kernels, ... })`,
    );
  }
  if (typeof backend.kernels !== 'object' || backend.kernels === null)
    throw new Error('factory returned an object without `kernels`; expected a Backend');
  const missing = PRIMITIVE_KERNELS.filter((k) => typeof backend.kernels?.[k] !== 'function');
  if (missing.length > 0) {
    throw new Error(`backend is missing primitive kernels: ${missing.join(', ')}`);
  }
  if (backend.name !== name)
    throw new Error(`factory returned a backend named '${backend.name}', expected '${name}'`);
}

function failureReason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Initialise a registered backend (once), or throw BackendError with the reason. */
export async function initBackend(name: string): Promise<Backend> {
  const reg = registry.get(name);
  if (!reg) {
    throw new BackendError(
      'setBackend',
      `no backend named '${name}' is registered; registered: [${[...registry.keys()].join(', ')}]. Import its package (e.g. '@polygrad/backend-${name}') first`,
    );
  }
  if (reg.instance) return reg.instance;
  if (reg.failure !== undefined)
    throw new BackendError('setBackend', `backend '${name}' failed to initialise: ${reg.failure}`);
  if (!reg.pending) {
    reg.pending = (async () => {
      const b = await reg.factory();
      validate(b, name);
      return b;
    })();
  }
  try {
    reg.instance = await reg.pending;
    return reg.instance;
  } catch (e) {
    reg.failure = failureReason(e);
    throw new BackendError('setBackend', `backend '${name}' failed to initialise: ${reg.failure}`);
  } finally {
    reg.pending = undefined;
  }
}

/** Initialise synchronously when the factory is synchronous; used for lazy defaults and `t.to()`. */
function initBackendSync(name: string, op: string): Backend {
  const reg = registry.get(name);
  if (!reg) {
    throw new BackendError(
      op,
      `no backend named '${name}' is registered; registered: [${[...registry.keys()].join(', ')}]`,
    );
  }
  if (reg.instance) return reg.instance;
  if (reg.failure !== undefined)
    throw new BackendError(op, `backend '${name}' failed to initialise: ${reg.failure}`);
  let result: Backend | Promise<Backend>;
  try {
    result = reg.factory();
  } catch (e) {
    reg.failure = failureReason(e);
    throw new BackendError(op, `backend '${name}' failed to initialise: ${reg.failure}`);
  }
  if (result instanceof Promise) {
    result.catch(() => undefined);
    throw new BackendError(
      op,
      `backend '${name}' initialises asynchronously; call \`await initBackend('${name}')\` or \`await setBackend('${name}')\` first`,
    );
  }
  try {
    validate(result, name);
  } catch (e) {
    reg.failure = failureReason(e);
    throw new BackendError(op, `backend '${name}' failed to initialise: ${reg.failure}`);
  }
  reg.instance = result;
  return result;
}

/**
 * Make `name` the active backend, initialising it; throws BackendError saying
 * why if it cannot run. 'auto' picks the highest-priority backend that
 * initialises and reports why each higher one was skipped. Never falls back silently.
 */
export async function setBackend(name: string): Promise<BackendSelection> {
  if (name !== 'auto') {
    active = await initBackend(name);
    return { name, skipped: [] };
  }
  const skipped: { name: string; reason: string }[] = [];
  for (const reg of sortedRegistrations()) {
    try {
      active = await initBackend(reg.name);
      return { name: reg.name, skipped };
    } catch (e) {
      skipped.push({ name: reg.name, reason: reg.failure ?? failureReason(e) });
    }
  }
  throw new BackendError(
    'setBackend',
    `no registered backend could initialise: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ') || 'none are registered (import @polygrad/backend-cpu)'}`,
  );
}

function sortedRegistrations(): Registration[] {
  return [...registry.values()].sort((a, b) => b.priority - a.priority);
}

/** The active backend. If none was set, the highest-priority synchronously-initialisable one is chosen. */
export function getBackend(): Backend {
  if (active) return active;
  const reasons: string[] = [];
  for (const reg of sortedRegistrations()) {
    try {
      active = initBackendSync(reg.name, 'getBackend');
      return active;
    } catch (e) {
      reasons.push(failureReason(e));
    }
  }
  throw new BackendError(
    'getBackend',
    `no backend is active and none could start synchronously (${reasons.join('; ') || 'none registered'}); import '@polygrad/backend-cpu' or call \`await setBackend(name)\``,
  );
}

/** An initialised backend by name (initialising synchronously if possible). */
export function backendByName(name: string, op = 'to'): Backend {
  return initBackendSync(name, op);
}

/** The name of the active backend, or null when none has been set or chosen yet. */
export function activeBackendName(): string | null {
  return active?.name ?? null;
}

/** Every registered backend, initialised where possible, with why not otherwise. */
export async function listBackends(): Promise<BackendStatus[]> {
  const out: BackendStatus[] = [];
  for (const reg of sortedRegistrations()) {
    try {
      const b = await initBackend(reg.name);
      out.push({
        name: reg.name,
        available: true,
        reason: '',
        priority: reg.priority,
        precision: b.precision,
        device: b.deviceInfo(),
        active: b === active,
      });
    } catch (e) {
      out.push({
        name: reg.name,
        available: false,
        reason: reg.failure ?? failureReason(e),
        priority: reg.priority,
        precision: null,
        device: null,
        active: false,
      });
    }
  }
  return out;
}

export function initialisedBackends(): Backend[] {
  return [...registry.values()].flatMap((r) => (r.instance ? [r.instance] : []));
}
