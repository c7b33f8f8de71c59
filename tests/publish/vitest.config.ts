import { defineConfig } from 'vitest/config';

// The published shape of every package under packages/: packed once (setup/pack.ts), then checked.
export default defineConfig({
  test: {
    name: 'publish',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    globalSetup: ['setup/pack.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
