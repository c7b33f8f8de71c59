import { registerBackend } from '@polygrad/core';
import { createTfjsBackend } from './backend.js';
import { TFJS_PROFILES, type TfjsBackendKind } from './profiles.js';

/**
 * Options of `registerTfjsBackend`: the name and priority to register under, and a loader for the TF.js
 * backend package.
 */
export interface RegisterTfjsOptions {
  /** Polygrad backend name (default `tfjs-<kind>`). */
  readonly name?: string;
  readonly priority?: number;
  /** Load the TF.js backend package first (e.g. a dynamic import), inside the factory. */
  readonly load?: () => Promise<unknown>;
}

/** Register `tfjs-<kind>` with Polygrad; it initialises on `setBackend` and throws there if it cannot run. */
export function registerTfjsBackend(kind: TfjsBackendKind, options: RegisterTfjsOptions = {}): void {
  const name = options.name ?? `tfjs-${kind}`;
  registerBackend(
    name,
    async () => {
      await options.load?.();
      return createTfjsBackend(kind, name);
    },
    { priority: options.priority ?? TFJS_PROFILES[kind].priority },
  );
}
