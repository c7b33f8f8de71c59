/**
 * Whether the WebGL backend can run here, for the test files: where it cannot,
 * tests report plainly why; in CI (or with POLYGRAD_REQUIRE_WEBGL set) that is
 * a failure, never a silent skip.
 */
import { initBackend } from '@polygrad/core';
import '../src/node.js';

export interface WebGLStatus {
  readonly available: boolean;
  readonly reason: string;
  /** True when a missing WebGL must fail the run (CI or POLYGRAD_REQUIRE_WEBGL). */
  readonly required: boolean;
}

export async function webglStatus(): Promise<WebGLStatus> {
  const required = Boolean(process.env.CI) || Boolean(process.env.POLYGRAD_REQUIRE_WEBGL);
  try {
    await initBackend('webgl');
    return { available: true, reason: '', required };
  } catch (e) {
    return { available: false, reason: e instanceof Error ? e.message : String(e), required };
  }
}

/** The message shown when the backend cannot run. */
export function unavailableMessage(s: WebGLStatus): string {
  return `the WebGL backend could not run here: ${s.reason}`;
}
