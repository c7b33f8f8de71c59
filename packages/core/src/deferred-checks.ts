/**
 * Checks that need data (index ranges, debug numerics) without a readback on
 * the hot path. The op computes a small verdict on the device (e.g. the min and
 * max of its indices) and defers it here; the verdict is read, and the error
 * thrown, at the next read of any tensor (`data()`, `dataSync()`, `item()`,
 * `array()`, `toString()`, moving a tensor to another backend). Reading the
 * scalars then costs nothing extra: the read waits for the device anyway.
 *
 * So a wrong input is never a silently wrong number: the first value read
 * after it is an error naming the op. Backends whose tensors live in host
 * memory (`capabilities.hostMemory`) are checked by the op itself, before its
 * kernel runs.
 */
import type { Backend } from './backend/backend.js';
import type { DataHandle } from './backend/kernel-table.js';
import type { TypedArray } from './dtype.js';
import type { PolygradError } from './errors.js';

export interface DeferredCheck {
  readonly backend: Backend;
  /**
   * Merge key: at most one pending check per backend and key (a later check of the same op
   * combines with it on the device), so pending checks stay bounded when
   * nothing is read for many steps.
   */
  readonly key: string;
  /** Small results on the backend (owned by the check: freed once read). */
  readonly handles: readonly DataHandle[];
  /** The error the values mean, or null when they are fine. */
  verdict(values: readonly TypedArray[]): PolygradError | null;
}

const pending: DeferredCheck[] = [];

/** True when `backend` keeps tensors in host memory and reads synchronously: check at once. */
export function checksImmediately(backend: Backend): boolean {
  return backend.capabilities?.hostMemory === true && typeof backend.readSync === 'function';
}

/** Remove and return the pending check with this key on `backend`, for the caller to merge into a new one. */
export function takePendingCheck(backend: Backend, key: string): DeferredCheck | undefined {
  const i = pending.findIndex((c) => c.backend === backend && c.key === key);
  if (i < 0) return undefined;
  return pending.splice(i, 1)[0];
}

/** Queue a check for the next read (replacing none: take the old one with `takePendingCheck` first). */
export function deferCheck(check: DeferredCheck): void {
  pending.push(check);
}

/** Number of checks waiting for a read (for tests and diagnostics). */
export function pendingCheckCount(): number {
  return pending.length;
}

function release(check: DeferredCheck): void {
  for (const h of check.handles) {
    try {
      check.backend.free(h);
    } catch {
      // The backend was disposed meanwhile; nothing left to free.
    }
  }
}

/**
 * Judge every pending check whose backend reads synchronously (before a
 * synchronous read). Checks on async-only backends wait for the next async read.
 * Throws the first failure; every judged check is cleared either way.
 */
export function runChecksSync(): void {
  if (pending.length === 0) return;
  const ready = pending.filter((c) => typeof c.backend.readSync === 'function');
  if (ready.length === 0) return;
  for (const c of ready) pending.splice(pending.indexOf(c), 1);
  let first: PolygradError | null = null;
  for (const c of ready) {
    try {
      const readSync = c.backend.readSync as NonNullable<Backend['readSync']>;
      const error = c.verdict(c.handles.map((h) => readSync(h)));
      first ??= error;
    } finally {
      release(c);
    }
  }
  if (first) throw first;
}

/** Judge every pending check (before an asynchronous read). Throws the first failure. */
export async function runChecks(): Promise<void> {
  if (pending.length === 0) return;
  const all = pending.splice(0, pending.length);
  const verdicts = await Promise.all(
    all.map(async (c) => {
      try {
        return c.verdict(await Promise.all(c.handles.map((h) => c.backend.read(h))));
      } finally {
        release(c);
      }
    }),
  );
  const first = verdicts.find((v) => v !== null);
  if (first) throw first;
}
