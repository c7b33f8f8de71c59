/** MNIST on each backend with the same seed: the runner is supplied by the caller (the CLI trains with apps/mnist's code). */
import type { CurveGap, MnistRun, MnistSection } from './model.js';
import type { TaskProgress } from './progress.js';

export interface MnistRunner {
  readonly target: number;
  readonly options: MnistSection['options'];
  /** Expected seconds per backend (progress weight). */
  readonly weight: number;
  run(backend: string, progress: TaskProgress): Promise<MnistRun>;
}

/** The batch where the highest and lowest loss curves are furthest apart (over the batches every curve has). */
export function largestGap(runs: readonly MnistRun[]): CurveGap | null {
  const curves = runs.filter((r) => r.error === null && r.batchLosses.length > 0);
  if (curves.length < 2) return null;
  const n = Math.min(...curves.map((r) => r.batchLosses.length));
  let best: CurveGap | null = null;
  for (let i = 0; i < n; i++) {
    const diverged = curves.find((r) => !Number.isFinite(r.batchLosses[i]));
    if (diverged) {
      const other = curves.find((r) => r !== diverged) ?? diverged;
      return { batch: i + 1, value: Number.POSITIVE_INFINITY, high: diverged.backend, low: other.backend };
    }
    let hi = curves[0];
    let lo = curves[0];
    for (const r of curves) {
      if (r.batchLosses[i] > hi.batchLosses[i]) hi = r;
      if (r.batchLosses[i] < lo.batchLosses[i]) lo = r;
    }
    const gap = hi.batchLosses[i] - lo.batchLosses[i];
    if (!best || gap > best.value) best = { batch: i + 1, value: gap, high: hi.backend, low: lo.backend };
  }
  return best;
}
