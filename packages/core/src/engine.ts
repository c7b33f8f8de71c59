/**
 * Engine state shared by every op: storage reference counts, tidy scopes,
 * grad mode, the seed sequence and the numerics debug flag.
 */
import type { Backend } from './backend/backend.js';
import type { DataHandle } from './backend/kernel-table.js';
import { SeedSequence } from './random.js';

/** Backend storage shared by a tensor and its views (reshape, detach). Freed when the last user lets go. */
export class Storage {
  refs = 0;
  /** The per-backend counters this storage is counted in (looked up once). */
  readonly stats: Stats;
  constructor(
    readonly backend: Backend,
    readonly handle: DataHandle,
    readonly bytes: number,
  ) {
    const s = statsFor(backend.name);
    this.stats = s;
    s.bytes += bytes;
    s.buffers++;
  }
  retain(): void {
    this.refs++;
  }
  release(): void {
    if (--this.refs === 0) {
      const s = this.stats;
      s.bytes -= this.bytes;
      s.buffers--;
      this.backend.free(this.handle);
    }
  }
}

export interface Stats {
  tensors: number;
  bytes: number;
  buffers: number;
}
const stats = new Map<string, Stats>();
export function statsFor(name: string): Stats {
  let s = stats.get(name);
  if (!s) {
    s = { tensors: 0, bytes: 0, buffers: 0 };
    stats.set(name, s);
  }
  return s;
}

/** Live tensors, bytes and buffers on one backend. */
export interface BackendUsage {
  readonly tensors: number;
  readonly bytes: number;
  readonly buffers: number;
}
/** What `memory()` reports: live tensors and bytes in total and per backend. */
export interface MemoryInfo {
  /** Live tensors across all backends. */
  readonly tensors: number;
  readonly bytes: number;
  readonly backends: Readonly<Record<string, BackendUsage>>;
}

/** Live tensors and bytes, total and per backend, as core counts them. */
export function memory(): MemoryInfo {
  let tensors = 0;
  let bytes = 0;
  const backends: Record<string, BackendUsage> = {};
  for (const [name, s] of stats) {
    tensors += s.tensors;
    bytes += s.bytes;
    backends[name] = { ...s };
  }
  return { tensors, bytes, backends };
}

/** A tidy scope's tracked tensors; anything with `dispose` and a `kept` flag. */
export interface Scoped {
  dispose(): void;
  _registerFinalizer(): void;
  readonly isDisposed: boolean;
  _kept: boolean;
  _scope: Scope | null;
}
export class Scope {
  readonly tracked = new Set<Scoped>();
}
export const scopes: Scope[] = [];

/** Add `t` to the innermost tidy scope; false when no scope is open. */
export function track(t: Scoped): boolean {
  const s = scopes[scopes.length - 1];
  if (!s) return false;
  s.tracked.add(t);
  t._scope = s;
  return true;
}

export const state = {
  gradEnabled: true,
  debugNumerics: false,
  memoryWarnings: true,
  seeds: new SeedSequence(0x5eed),
  nextId: 1,
};

/** Reset the global random seed: every later random op is reproducible from here. */
export function manualSeed(seed: number): void {
  state.seeds.reset(seed);
}

/** The seed a random op should use: the one given, or the next from the global sequence. */
export function nextSeed(seed?: number): number {
  return seed === undefined ? state.seeds.next() : seed >>> 0;
}

/** Check every kernel's output for NaN/Inf (slow: reads back synchronously). */
export function setDebugNumerics(on: boolean): void {
  state.debugNumerics = on;
}

/**
 * The one-time warning when live tensors grow at every backward() (a training
 * loop without tidy) is on by default; turn it off here.
 */
export function setMemoryWarnings(on: boolean): void {
  state.memoryWarnings = on;
}

/** Live tensors on every backend, as core counts them. */
export function liveTensors(): number {
  let n = 0;
  for (const s of stats.values()) n += s.tensors;
  return n;
}

/** True unless inside `noGrad` (ops record the graph only then). */
export function isGradEnabled(): boolean {
  return state.gradEnabled;
}
