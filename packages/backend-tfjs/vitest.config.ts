import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Test against core's, the CPU backend's and the conformance suite's TypeScript sources when present (no build step needed).
const coreSrc = fileURLToPath(new URL('../core/src/index.ts', import.meta.url));
const cpuSrc = fileURLToPath(new URL('../backend-cpu/src/index.ts', import.meta.url));
const conformanceSrc = fileURLToPath(new URL('../conformance/src/index.ts', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      ...(existsSync(coreSrc) ? { '@polygrad/core': coreSrc } : {}),
      ...(existsSync(cpuSrc) ? { '@polygrad/backend-cpu': cpuSrc } : {}),
      ...(existsSync(conformanceSrc) ? { '@polygrad/conformance': conformanceSrc } : {}),
    },
  },
  test: { environment: 'node', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
