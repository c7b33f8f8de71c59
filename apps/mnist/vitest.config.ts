import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
export default defineConfig({
  resolve: {
    alias: {
      '@polygrad/core/nn': src('../../packages/core/src/nn/index.ts'),
      '@polygrad/core/optim': src('../../packages/core/src/optim/index.ts'),
      '@polygrad/core/data/node': src('../../packages/core/src/data/node.ts'),
      '@polygrad/core/data': src('../../packages/core/src/data/index.ts'),
      '@polygrad/core': src('../../packages/core/src/index.ts'),
      '@polygrad/backend-cpu': src('../../packages/backend-cpu/src/index.ts'),
      '@polygrad/backend-wasm': src('../../packages/backend-wasm/src/index.ts'),
    },
  },
  test: { environment: 'node', include: ['test/**/*.test.ts'], testTimeout: 300_000 },
});
