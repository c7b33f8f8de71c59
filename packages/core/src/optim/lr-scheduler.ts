import { ArgumentError } from '../errors.js';
import { type BaseOptions, Optimizer } from './optimizer.js';

/** A scheduler's position, for checkpoints. */
export interface LRSchedulerState {
  step: number;
  baseLrs: number[];
}

/** The schedulers attached to each optimizer, in construction order. */
const chains = new WeakMap<Optimizer<BaseOptions>, LRScheduler[]>();

/**
 * Learning-rate schedules (the seed: decay the learning rate as training goes
 * on). A scheduler remembers each group's initial lr (its base lr), sets
 * lr = lrAt(t, base) for t = 0 at construction, and advances t by one on each
 * `step()` — call it once per epoch or once per batch, as the schedule's
 * units are meant. `getLr()` is the current lr of the first group.
 *
 * Several schedulers on one optimizer multiply, as PyTorch's chained schedulers
 * do: each contributes the factor lrAt(t, base) / base of its own step count, on
 * the optimizer's initial lrs (PyTorch's `initial_lr`), so StepLR (γ 0.1) and
 * ExponentialLR (γ 0.5) from lr 0.1, each stepped once, give 0.005 in either
 * order. A schedule that is not a factor of the lr (CosineAnnealingLR with
 * minLr > 0, where PyTorch's chained result depends on the order of the step()
 * calls) refuses to be chained.
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
    const first = chains.get(optimizer)?.[0];
    this.baseLrs = first ? [...first.baseLrs] : optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rate after `t` scheduler steps for a group whose initial lr is `baseLr`. */
  abstract lrAt(t: number, baseLr: number): number;

  /**
   * True when lrAt(t, base) is base times a factor independent of base, so that
   * chaining it with other schedulers is a product (as PyTorch's chaining).
   */
  get multiplicative(): boolean {
    return true;
  }

  /** Call from the subclass constructor once its settings are stored: joins the optimizer's chain and applies lr(0). */
  protected start(): void {
    const chain = chains.get(this.optimizer) ?? [];
    const other =
      chain.find((s) => !s.multiplicative) ?? (chain.length > 0 && !this.multiplicative ? this : null);
    if (other) {
      throw new ArgumentError(
        this.constructor.name,
        `the optimizer already has a ${chain[0].constructor.name}, and ${other.constructor.name} (${other.describe()}) is not a factor of the lr; chained schedulers multiply, expected schedules such as StepLR, ExponentialLR, InverseTimeLR or CosineAnnealingLR with minLr 0 — or one scheduler on this optimizer`,
      );
    }
    chain.push(this);
    chains.set(this.optimizer, chain);
    this.apply();
  }

  /** The settings that make a schedule non-multiplicative, for error messages. */
  protected describe(): string {
    return this.constructor.name;
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

  /** A snapshot of the scheduler (step count and base learning rates), for checkpoints. */
  stateDict(): LRSchedulerState {
    return { step: this.t, baseLrs: [...this.baseLrs] };
  }

  /** Restores a snapshot from `stateDict()` and sets the learning rates it implies. */
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

  /** Set every group's lr from all schedulers on the optimizer (just this one's lrAt when alone). */
  private apply(): void {
    const chain = chains.get(this.optimizer) ?? [this];
    this.optimizer.paramGroups.forEach((g, i) => {
      const [first, ...rest] = chain;
      let lr = first.lrAt(first.t, first.baseLrs[i]);
      for (const s of rest) {
        const base = s.baseLrs[i];
        if (base !== 0) lr *= s.lrAt(s.t, base) / base;
      }
      g.lr = lr;
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
