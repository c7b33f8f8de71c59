import { defineConfig } from 'vitest/config';

// Runs against the built packages (dist), as the CLI and the page do: `npm test` builds first.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
