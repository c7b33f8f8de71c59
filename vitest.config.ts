import { defineConfig } from 'vitest/config';
import SummaryReporter from './scripts/summary-reporter.js';

// One run over every workspace package and app that has a vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'tests/*/vitest.config.ts'],
    reporters: ['default', new SummaryReporter()],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
