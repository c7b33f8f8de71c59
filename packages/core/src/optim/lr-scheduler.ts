import { ArgumentError } from '../errors.js';
import { type BaseOptions, Optimizer } from './optimizer.js';

/** A scheduler's position, for checkpoints. */
export interface LRSchedulerState {
  step: number;
  baseLrs: number[];
}

/**
 * Learning-rate schedules (the seed: decay the learning rate as training goes
 * on). A scheduler remembers each group's initial lr (its base lr), sets
 * lr = lrAt(t, base) for t = 0 at construction, and advances t by one on each
 * `step()` — call it once per epoch or once per batch, as the schedule's
 * units are meant. `getLr()` is the current lr of the first group.
 */
export abstract class LRScheduler {
  readonly optimizer: Optimizer<BaseOptions>;
  baseLrs: number[];
  private t = 0;

  protected constructor(optimizer: Optimizer<BaseOptions>) {
    if (!(optimizer instanceof Optimizer)) {
      throw new ArgumentError(
        new.target.name,
        `got ${optimizer === null ? 'null' : typeof optimizer === 'object' ? `a ${(optimizer as object).constructor?.name ?? 'object'}` : typeof optimizer} as the optimizer; expected an Optimizer (SGD, Adam, ...)`,
      );
    }
    this.optimizer = optimizer;
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rate after `t` scheduler steps for a group whose initial lr is `baseLr`. */
  abstract lrAt(t: number, baseLr: number): number;

  /** Call from the subclass constructor once its settings are stored: applies lr(0). */
  protected start(): void {
    this.apply();
  }

  /** Advance one step (epoch or batch) and update every group's lr. */
  step(): void {
    this.t++;
    this.apply();
  }

  /** Number of `step()` calls so far. */
  get stepCount(): number {
    return this.t;
  }

  /** Current learning rate of the first group. */
  getLr(): number {
    return this.optimizer.paramGroups[0].lr;
  }

  /** Current learning rate of every group. */
  getLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  stateDict(): LRSchedulerState {
    return { step: this.t, baseLrs: [...this.baseLrs] };
  }

  loadStateDict(state: LRSchedulerState): void {
    if (!state || !Number.isInteger(state.step) || state.step < 0 || !Array.isArray(state.baseLrs)) {
      throw new ArgumentError(
        `${this.constructor.name}.loadStateDict`,
        'expected { step: integer >= 0, baseLrs: number[] } from stateDict()',
      );
    }
    if (state.baseLrs.length !== this.optimizer.paramGroups.length) {
      throw new ArgumentError(
        `${this.constructor.name}.loadStateDict`,
        `state has ${state.baseLrs.length} base lrs; expected ${this.optimizer.paramGroups.length} (one per group)`,
      );
    }
    this.t = state.step;
    this.baseLrs = [...state.baseLrs];
    this.apply();
  }

  private apply(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = this.lrAt(this.t, this.baseLrs[i]);
    });
  }
}

export function checkPositive(
  op: string,
  name: string,
  v: unknown,
  { integer = false, allowZero = false } = {},
): number {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (allowZero ? v >= 0 : v > 0) &&
    (!integer || Number.isInteger(v));
  if (!ok) {
    throw new ArgumentError(
      op,
      `${name} = ${String(v)}; expected a ${allowZero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}`,
    );
  }
  return v as number;
}
