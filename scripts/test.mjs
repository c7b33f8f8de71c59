// `npm test`: install and build if needed, lint, type-check, then run every test of every package in one Vitest run.
import { ensureChromium } from './browser.mjs';
import { run, setupAndBuild } from './pnpm.mjs';
import { withVirtualDisplay } from './virtual-display.mjs';

const pnpm = setupAndBuild();
// Browser tests run in a real Chromium: find it (or install Debian's package as root) before the run.
process.env.POLYGRAD_CHROMIUM = ensureChromium();
run(pnpm, ['exec', 'biome', 'ci', '.']);
run(process.execPath, ['scripts/check-cycles.mjs']);
run(pnpm, ['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only']);
// Under Xvfb when there is no display: the WebGL backend's tests need an X server for headless-gl.
run(...withVirtualDisplay(pnpm, ['exec', 'vitest', 'run', ...process.argv.slice(2)]));
