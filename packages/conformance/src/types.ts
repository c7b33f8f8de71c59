/** The data model of the suite: cases, the checks they produce, and results. */
import type { Backend, DType, GradcheckReport, KernelName, Precision, Tensor } from '@polygrad/core';
import type { Tolerance } from './tolerance.js';

/** Every category of case, in report order (see the README for what each checks). */
export const CATEGORIES = [
  'forward',
  'gradient',
  'broadcast',
  'transposed',
  'stability',
  'nan-inf',
  'empty',
  'int32',
  'leak',
  'readback',
  'errors',
  'property',
  'fused-vs-composition',
  'random',
  'module',
  'size',
  'decision',
] as const;
/** A category of case, one of `CATEGORIES`. */
export type Category = (typeof CATEGORIES)[number];

/** The float dtype a run of the suite exercises. */
export type FloatDType = 'float32' | 'float64';

/**
 * One numeric comparison inside a case: `actual` (read from the backend)
 * against `expected` (the naive float64 reference). The tolerance comes from
 * `tolerance.ts`, from the backend's precision, `dtype` and `k` only.
 */
export interface NumericCheck {
  readonly kind: 'numeric';
  readonly label: string;
  readonly actual: ArrayLike<number>;
  readonly expected: ArrayLike<number>;
  /** The dtype the backend computed in: float dtypes get a float tolerance, int32/bool must match exactly. */
  readonly dtype: DType;
  /** Number of terms accumulated into one output element (reduction or inner-product length); 1 for elementwise. */
  readonly k?: number;
  /**
   * The inputs the outputs were computed from. Their largest magnitude scales
   * the absolute tolerance (an op's rounding error is relative to its inputs,
   * e.g. log-softmax of ±1000 loses digits relative to 1000, not to the output).
   */
  readonly inputs?: readonly ArrayLike<number>[];
  /**
   * Set when `expected` was itself computed by a backend of this precision (an
   * oracle such as TF.js) rather than by the float64 reference: both sides then
   * carry rounding error, and the tolerance is the sum of the two derived
   * tolerances (triangle inequality through the exact value).
   */
  readonly referencePrecision?: Precision;
  /**
   * Per-element error scale: when given, element i's absolute tolerance is
   * rtol · scale[i] (no floor) instead of rtol · max(1, largest input of the
   * check): e.g. max(1, largest |logit| of its own row), so ±1000 rows do not
   * loosen the tolerance of ordinary rows beside them, or y_i · max(1, S_row)
   * for softmax outputs, whose rounding error is relative (see tolerance.ts).
   */
  readonly scale?: ArrayLike<number>;
}

/**
 * Autograd against central finite differences (core `gradcheck`, float64).
 * The runner derives the step and tolerance (see tolerance.ts) and calls `evaluate`.
 */
export interface GradcheckCheck {
  readonly kind: 'gradcheck';
  readonly label: string;
  readonly dtype: DType;
  readonly inputs?: readonly ArrayLike<number>[];
  /** Runs the finite-difference comparison with the runner's `step` and tolerance. */
  evaluate(step: number, tol: Tolerance): GradcheckReport;
}

/** A pass/fail assertion that is not a numeric comparison (error type thrown, memory unchanged, ...). */
export interface BooleanCheck {
  readonly kind: 'boolean';
  readonly label: string;
  readonly ok: boolean;
  readonly message: string;
}

/** One check a case produces; the case passes when all of its checks pass. */
export type Check = NumericCheck | GradcheckCheck | BooleanCheck;

/** Everything a case gets to run against one backend at one dtype. */
export interface CaseContext {
  readonly backendName: string;
  readonly backend: Backend;
  readonly precision: Precision;
  /** The float dtype of this run. */
  readonly dtype: FloatDType;
  /** Create a tensor on the backend under test (dtype defaults to the run's dtype). */
  tensor(values: ArrayLike<number>, shape: readonly number[], dtype?: DType): Tensor;
  /** Read a tensor back (synchronously when the backend can, else asynchronously). */
  read(t: Tensor): Promise<Float64Array>;
  /** Round values the way storing them as `dtype` does (the reference works on stored values). */
  stored(values: ArrayLike<number>, dtype?: DType): Float64Array;
  /** Names of every other backend that initialised (for the mixed-backend error case). */
  readonly otherBackends: readonly string[];
  /** Judge checks now (property-based cases use it to find and shrink a failing input). */
  evaluate(checks: readonly Check[]): Evaluation;
  /** Seed and run count for property-based cases. */
  readonly seed: number;
  readonly numRuns: number;
}

/** The verdict on a list of checks. */
export interface Evaluation {
  readonly passed: boolean;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly atol: number;
  readonly rtol: number;
  /** The largest |error| / (atol + rtol·|expected|) over the numeric and gradient checks: > 1 fails (Infinity for a NaN/Inf mismatch). */
  readonly toleranceUsed: number;
  /** Empty when passed; otherwise every failing check with its worst element and tolerance. */
  readonly message: string;
}

/** Returned instead of checks when a case does not apply to this backend/dtype. */
export interface Skip {
  readonly skip: string;
}

/** What running a case gives: its checks, or why it was skipped. */
export type CaseOutcome = readonly Check[] | Skip;

/** One case of the suite: named, tied to one kernel and category, run against the active backend. */
export interface ConformanceCase {
  /** Unique, stable name, e.g. `forward/unary/exp`. */
  readonly name: string;
  /** The kernel (from core's KERNELS table) this case exercises. */
  readonly kernel: KernelName;
  readonly category: Category;
  /** The float dtypes the case is meaningful for (both unless the case is dtype-independent). */
  readonly dtypes: readonly FloatDType[];
  /**
   * The case only applies when the backend declares a capability (e.g. int32
   * wrapping): returns why it does not apply to `backend`, or null. The runner
   * reports such a case as declined, never as passed.
   */
  readonly requires?: (backend: Backend) => string | null;
  /**
   * Runs the case on the backend in `ctx` and returns its checks (or a skip); it must free every tensor it
   * creates.
   */
  run(ctx: CaseContext): CaseOutcome | Promise<CaseOutcome>;
}

/** passed / failed; skipped (not applicable: dtype not stored); declined (the backend declared it does not do this). */
export type CaseStatus = 'passed' | 'failed' | 'skipped' | 'declined';

/** The result of one case on one backend and dtype, with its worst errors and the tolerance used. */
export interface CaseResult {
  readonly name: string;
  readonly kernel: KernelName;
  readonly category: Category;
  readonly dtype: FloatDType;
  readonly status: CaseStatus;
  /** False only when the case failed (skipped and declined cases are not failures). */
  readonly passed: boolean;
  /** The case did not apply (e.g. float64 on a float32-only backend); `message` says why. */
  readonly skipped: boolean;
  /**
   * The backend declines what this case tests (a fused kernel core then
   * composes, host-generated random numbers, or a capability it does not
   * declare). Where core has a fallback, the case still ran on it and passed.
   * `message` starts with "declined: " and the reason.
   */
  readonly declined: boolean;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  /** The tolerance of the check that came closest to failing (or failed). */
  readonly atol: number;
  readonly rtol: number;
  readonly message: string;
  readonly durationMs: number;
  /** Of the checks against the float64 reference: largest |error| / (atol + rtol·|expected|); > 1 fails. Absent when nothing was compared. */
  readonly toleranceUsed?: number;
  /** The comparison with the second reference, when the run asked for an oracle. */
  readonly oracle?: OracleOutcome;
}

/**
 * A case's forward values compared with a second reference: the same case run
 * on an oracle backend (e.g. TF.js through @polygrad/backend-tfjs).
 * - `compared`: every numeric check was compared; `passed` says whether they agree.
 * - `unavailable`: no comparison (the oracle skipped, declined or threw, or
 *   made different checks); `message` says why.
 */
export interface OracleOutcome {
  readonly backend: string;
  readonly status: 'compared' | 'unavailable';
  readonly passed: boolean;
  /**
   * The oracle's own values agree with the float64 reference. When false, one
   * of the two references is wrong for this case, and `message` says so.
   */
  readonly matchesReference: boolean;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly message: string;
}

/**
 * 'full' (the default) runs every case; 'quick' leaves out the size tier
 * (category 'size': real-sized matmuls, long reductions and rows, ≥ 4096-element
 * elementwise ops), for a fast smoke run. A backend is conformant only on 'full'.
 */
export type Tier = 'full' | 'quick';

/** Which cases to select; every field narrows the selection. */
export interface ListOptions {
  /** 'full' (default): every case; 'quick': without the size tier. */
  readonly tier?: Tier;
  /** Only these categories. */
  readonly categories?: readonly Category[];
  /** Only cases exercising these kernels. */
  readonly kernels?: readonly KernelName[];
  /** Only cases whose name contains this string or matches this pattern. */
  readonly filter?: string | RegExp;
  /** Seed of the property-based cases (fast-check). */
  readonly seed?: number;
  /** Runs per property (bounded so the suite stays fast). */
  readonly numRuns?: number;
}

/** The cases to run (as `ListOptions`) and the float dtype to run them in (default float32). */
export interface RunOptions extends ListOptions {
  readonly dtype?: FloatDType;
  /**
   * A registered backend whose results serve as a second reference for forward
   * values, beside the float64 one (float32 runs). `'tfjs'` means `'tfjs-cpu'`
   * (register it by importing `@polygrad/backend-tfjs`).
   */
  readonly oracle?: string;
  /**
   * Called after each case (for progress display). A returned promise is awaited before the
   * next case, so a page can yield to its event loop (repaint, answer input) between cases.
   */
  readonly onResult?: (result: CaseResult, done: number, total: number) => void | Promise<void>;
}

/** Totals of a run: per status, per category, failing kernels and worst errors. */
export interface ConformanceSummary {
  readonly backend: string;
  readonly precision: Precision;
  readonly dtype: FloatDType;
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly declined: number;
  readonly byCategory: Readonly<
    Record<string, { passed: number; failed: number; skipped: number; declined: number }>
  >;
  /** Kernels with at least one failing case. */
  readonly failingKernels: readonly KernelName[];
  readonly worstRelError: { name: string; value: number } | null;
  readonly worstAbsError: { name: string; value: number } | null;
  readonly durationMs: number;
  /** With an oracle: how many cases were compared with it, disagreed with it, or could not be compared. */
  readonly oracle?: { backend: string; compared: number; failed: number; unavailable: number };
}

/** What `runConformance` returns: the summary and every case's result. */
export interface ConformanceReport {
  readonly summary: ConformanceSummary;
  readonly results: readonly CaseResult[];
}
