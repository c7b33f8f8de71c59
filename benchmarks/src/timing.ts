/** Warm-up, then repeated timed samples; reports the median and the minimum per operation. */

export interface TimingOptions {
  /** Untimed samples first (JIT warm-up, buffer pools, first-touch page faults). */
  warmup: number;
  /** Calls of `fn` per timed sample; the per-op time is the sample time / inner. */
  inner: number;
  /** Take at least this many samples... */
  minSamples: number;
  /** ...and keep sampling until this much time has passed... */
  minTimeMs: number;
  /** ...but never more than this many samples. */
  maxSamples: number;
}

export interface Timing {
  /** Median time of one operation, ms. */
  readonly medianMs: number;
  /** Fastest observed time of one operation, ms. */
  readonly minMs: number;
  /** Timed samples taken. */
  readonly samples: number;
  /** Operations per sample. */
  readonly inner: number;
}

declare const gc: (() => void) | undefined;

/** Collect garbage if node runs with --expose-gc, so one case's garbage does not land in the next one's timings. */
export function collectGarbage(): void {
  if (typeof gc === 'function') gc();
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function time(fn: () => void, o: TimingOptions): Timing {
  collectGarbage();
  for (let w = 0; w < o.warmup; w++) for (let i = 0; i < o.inner; i++) fn();
  const samples: number[] = [];
  const start = performance.now();
  while (
    samples.length < o.maxSamples &&
    (samples.length < o.minSamples || performance.now() - start < o.minTimeMs)
  ) {
    const t0 = performance.now();
    for (let i = 0; i < o.inner; i++) fn();
    samples.push((performance.now() - t0) / o.inner);
  }
  return { medianMs: median(samples), minMs: Math.min(...samples), samples: samples.length, inner: o.inner };
}

export interface BudgetedTimingOptions {
  /** Untimed samples first. */
  readonly warmup: number;
  /** Calls per sample (default 1); the per-op time is the sample time / inner. Sub-microsecond ops need many. */
  readonly inner?: number;
  /** Take at least this many samples... */
  readonly minSamples: number;
  /** ...and keep sampling until this much time has passed... */
  readonly minTimeMs: number;
  /** ...but stop once this much time has passed with at least one sample (slow implementations)... */
  readonly maxTimeMs: number;
  /** ...and never take more than this many. */
  readonly maxSamples: number;
  /** Called after each timed sample (progress); not timed. */
  readonly onSample?: (samples: number) => void;
}

/**
 * Time `fn`, awaiting it only when it returns a promise (synchronous
 * implementations pay no microtask per call). A time budget keeps slow
 * implementations to a few samples, so a side-by-side run stays bounded.
 */
export async function timeBudgeted(
  fn: () => void | Promise<void>,
  o: BudgetedTimingOptions,
): Promise<Timing> {
  const inner = Math.max(1, Math.floor(o.inner ?? 1));
  const sample = async (): Promise<void> => {
    for (let i = 0; i < inner; i++) {
      const r = fn();
      if (r instanceof Promise) await r;
    }
  };
  collectGarbage();
  for (let w = 0; w < o.warmup; w++) await sample();
  const samples: number[] = [];
  const start = performance.now();
  for (;;) {
    const elapsed = performance.now() - start;
    if (samples.length >= o.maxSamples) break;
    if (samples.length >= o.minSamples && elapsed >= o.minTimeMs) break;
    if (samples.length >= 1 && elapsed >= o.maxTimeMs) break;
    const t0 = performance.now();
    await sample();
    samples.push((performance.now() - t0) / inner);
    o.onSample?.(samples.length);
  }
  return { medianMs: median(samples), minMs: Math.min(...samples), samples: samples.length, inner };
}
