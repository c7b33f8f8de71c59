import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Test against core's, the CPU backend's and the conformance suite's TypeScript sources when present (no build step needed).
const coreSrc = fileURLToPath(new URL('../core/src/index.ts', import.meta.url));
const cpuSrc = fileURLToPath(new URL('../backend-cpu/src/index.ts', import.meta.url));
const conformanceSrc = fileURLToPath(new URL('../conformance/src/index.ts', import.meta.url));
const conformanceCliSrc = fileURLToPath(new URL('../conformance/src/cli/run.ts', import.meta.url));

export default defineConfig({
  resolve: {
    // Exact matches: '@polygrad/conformance/cli' must not become '<conformanceSrc>/cli'.
    alias: [
      ...(existsSync(coreSrc) ? [{ find: /^@polygrad\/core$/, replacement: coreSrc }] : []),
      ...(existsSync(cpuSrc) ? [{ find: /^@polygrad\/backend-cpu$/, replacement: cpuSrc }] : []),
      ...(existsSync(conformanceSrc)
        ? [{ find: /^@polygrad\/conformance$/, replacement: conformanceSrc }]
        : []),
      ...(existsSync(conformanceCliSrc)
        ? [{ find: /^@polygrad\/conformance\/cli$/, replacement: conformanceCliSrc }]
        : []),
    ],
  },
  test: { environment: 'node', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
