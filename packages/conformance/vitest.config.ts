import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The suite's own tests run from source: core, the CPU backend (wrapped by the toy backends and by the
// README's example backend in examples/) and this package (the example imports it by name).
export default defineConfig({
  resolve: {
    alias: {
      '@polygrad/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)),
      '@polygrad/backend-cpu': fileURLToPath(new URL('../backend-cpu/src/index.ts', import.meta.url)),
      '@polygrad/conformance': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'examples/**/*.test.js'],
    testTimeout: 30_000,
  },
});
