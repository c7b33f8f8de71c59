// `npm test`: install and build if needed, lint, type-check, then run every test of every package in one Vitest run.
import { run, setupAndBuild } from './pnpm.mjs';

const pnpm = setupAndBuild();
run(pnpm, ['exec', 'biome', 'ci', '.']);
run(pnpm, ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']);
run(pnpm, ['exec', 'vitest', 'run', ...process.argv.slice(2)]);
