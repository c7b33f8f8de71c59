/**
 * Register the suite with Vitest (or any runner with the same shape) without
 * depending on it: pass your `describe`, `it` and `expect`.
 */
import { listCases } from './cases/index.js';
import { runCase } from './runner.js';
import type { FloatDType, ListOptions } from './types.js';

/** The subset of a test context the suite uses: Vitest's `context.skip(note)`. */
export interface SkipContext {
  /** Marks the running test as skipped with a note. */
  skip?: (note?: string) => void;
}

/**
 * The test-runner functions `defineConformanceSuite` registers its tests with (Vitest's, or any with the same
 * shape).
 */
export interface TestApi {
  /** Groups tests under a name. */
  describe: (name: string, fn: () => void) => void;
  /** Registers one test; `ctx.skip(note)` may mark it skipped. */
  it: (name: string, fn: (ctx: SkipContext) => Promise<void>, timeout?: number) => void;
  /** An assertion: `expect(actual, message).toBe(expected)` must throw when they differ. */
  expect: (
    actual: unknown,
    message?: string,
  ) => {
    /** Throws when `actual` is not `expected` (`Object.is`). */
    toBe(expected: unknown): void;
  };
}

/** Which cases `defineConformanceSuite` registers (as `ListOptions`), in which dtypes, with what timeout. */
export interface SuiteOptions extends ListOptions {
  /** Float dtypes to run; default both. Each gets its own describe block. */
  readonly dtypes?: readonly FloatDType[];
  /** Per-case timeout in ms (default 20 000). */
  readonly timeout?: number;
  /** Compare forward values with this registered backend too (`'tfjs'` = `'tfjs-cpu'`); see RunOptions.oracle. */
  readonly oracle?: string;
}

/** One `it` per case and dtype; a failure message names the case, max abs/rel error and the tolerance. */
export function defineConformanceSuite(backendName: string, api: TestApi, options: SuiteOptions = {}): void {
  const cases = listCases(options);
  const dtypes = options.dtypes ?? (['float32', 'float64'] as const);
  api.describe(`conformance: ${backendName}`, () => {
    for (const dtype of dtypes) {
      api.describe(dtype, () => {
        for (const c of cases) {
          api.it(
            `${c.name} [${c.category} · ${c.kernel}]`,
            async (ctx) => {
              const r = await runCase(backendName, c, {
                dtype,
                seed: options.seed,
                numRuns: options.numRuns,
                oracle: options.oracle,
              });
              if (r.skipped || r.declined) {
                // Declined cases are shown as skipped with the backend's reason ("declined: …").
                ctx?.skip?.(r.message);
                return;
              }
              const detail = `${r.message}\n(max abs error ${r.maxAbsError}, max rel error ${r.maxRelError}; atol ${r.atol}, rtol ${r.rtol})`;
              api.expect(r.passed, detail).toBe(true);
            },
            options.timeout ?? 20_000,
          );
        }
      });
    }
  });
}
