import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Test against core's TypeScript source when it is present (no build step needed);
// otherwise '@polygrad/core' resolves to its built dist as usual.
const coreSrc = fileURLToPath(new URL('../core/src/index.ts', import.meta.url));

// The shared conformance suite (test/conformance.test.ts) also runs from source.
const conformanceSrc = fileURLToPath(new URL('../conformance/src/index.ts', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      ...(existsSync(coreSrc) ? { '@polygrad/core': coreSrc } : {}),
      ...(existsSync(conformanceSrc) ? { '@polygrad/conformance': conformanceSrc } : {}),
    },
  },
  test: { environment: 'node', include: ['test/**/*.test.ts'], testTimeout: 120_000 },
});
