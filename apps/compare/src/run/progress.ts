/** Progress of a whole run: tasks weighted by their expected duration, each reporting its own steps. */

export type Phase = 'conformance' | 'speed' | 'mnist' | 'done';

export interface ProgressEvent {
  /** Whole run, 0..1. */
  readonly fraction: number;
  readonly phase: Phase;
  /** The task, e.g. `conformance cpu float32` or `matmul 512 A·B on tfjs-wasm`. */
  readonly task: string;
  /** The step within it, e.g. a case name, `sample 3`, `epoch 2 batch 40/63`. */
  readonly step: string;
  /** Steps done and total within the task. */
  readonly done: number;
  readonly total: number;
  /** Milliseconds since the run started. */
  readonly elapsedMs: number;
}

/** Receives progress; a returned promise is awaited (a page uses it to repaint). */
export type ProgressSink = (e: ProgressEvent) => void | Promise<void>;

export interface PlannedTask {
  readonly phase: Exclude<Phase, 'done'>;
  readonly task: string;
  /** Expected duration in seconds (only the ratios matter). */
  readonly weight: number;
}

export interface TaskProgress {
  update(done: number, total: number, step: string): void | Promise<void>;
}

export class ProgressTracker {
  private readonly totalWeight: number;
  private completed = 0;
  private readonly start = performance.now();

  constructor(
    plan: readonly PlannedTask[],
    private readonly sink: ProgressSink | undefined,
  ) {
    this.totalWeight = plan.reduce((s, t) => s + t.weight, 0) || 1;
  }

  /** Begin a task of the plan; call `update` as it goes. The task's weight is counted once it is followed by another `begin` or `finish`. */
  begin(t: PlannedTask): TaskProgress {
    const base = this.completed;
    this.completed += t.weight;
    return {
      update: (done, total, step) =>
        this.sink?.({
          fraction: Math.min(1, (base + (total > 0 ? (t.weight * done) / total : 0)) / this.totalWeight),
          phase: t.phase,
          task: t.task,
          step,
          done,
          total,
          elapsedMs: performance.now() - this.start,
        }),
    };
  }

  finish(): void | Promise<void> {
    return this.sink?.({
      fraction: 1,
      phase: 'done',
      task: 'done',
      step: '',
      done: 1,
      total: 1,
      elapsedMs: performance.now() - this.start,
    });
  }
}
