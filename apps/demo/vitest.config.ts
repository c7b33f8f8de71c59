import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Run against the workspace sources of core and the CPU backend (one copy of core), no build needed.
export default defineConfig({
  resolve: {
    alias: {
      '@polygrad/core': fileURLToPath(new URL('../../packages/core/src/index.ts', import.meta.url)),
      '@polygrad/backend-cpu': fileURLToPath(
        new URL('../../packages/backend-cpu/src/index.ts', import.meta.url),
      ),
    },
  },
  test: { environment: 'node', include: ['test/**/*.test.ts'] },
});
