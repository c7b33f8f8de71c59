import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one closing line, `Summary: N passed, N failed, N skipped`, after
 * Vitest's own output, so CI can read the counts. A test file that fails to
 * load, or whose hooks fail, counts as (at least) one failure.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      // A file that failed with no failing test (it did not load, or a beforeAll/afterAll hook threw and
      // its tests were skipped) is one failure, never a clean line of skips.
      if (failedHere === 0 && mod.state() === 'failed') failedHere = 1;
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    process.stdout.write(`\nSummary: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
