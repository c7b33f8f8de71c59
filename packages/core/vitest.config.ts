import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Core's tests run against the CPU backend's source; both resolve to one copy of core's source.
export default defineConfig({
  resolve: {
    alias: {
      '@polygrad/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      '@polygrad/backend-cpu': fileURLToPath(new URL('../backend-cpu/src/index.ts', import.meta.url)),
    },
  },
  test: { environment: 'node', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
