/**
 * A training loop written without tidy keeps every step's tensors until they
 * are disposed or garbage-collected (which needs the event loop to turn). Each
 * backward() counts live tensors; when they have grown at every one of
 * STEPS consecutive calls, one warning says so and gives the fix.
 */
import { liveTensors, state } from '../engine.js';

export const GROWTH_STEPS = 10;

const growth = { last: -1, rising: 0, warned: false };

function formatBytes(n: number): string {
  return n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

/** Called at each backward(). */
export function noteBackward(bytes: () => number): void {
  if (!state.memoryWarnings || growth.warned) return;
  const live = liveTensors();
  growth.rising = growth.last >= 0 && live > growth.last ? growth.rising + 1 : 0;
  growth.last = live;
  if (growth.rising < GROWTH_STEPS) return;
  growth.warned = true;
  console.warn(
    `polygrad: live tensors grew at each of the last ${GROWTH_STEPS} backward() calls (now ${live} tensors, ${formatBytes(bytes())}): ` +
      "each step's tensors stay alive until disposed or garbage-collected, which needs the event loop to turn. " +
      'Run each training step inside tidy(() => { ... }), or dispose what the step made (loss.dispose() after backward frees the rest of its graph). ' +
      'Silence this with setMemoryWarnings(false).',
  );
}

/** Forget the history (tests). */
export function resetMemoryGrowth(): void {
  growth.last = -1;
  growth.rising = 0;
  growth.warned = false;
}
