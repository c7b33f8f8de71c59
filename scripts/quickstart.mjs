// `npm start`: install everything, build, and run the main job — the compare app: every backend
// found in the workspace side by side (conformance matrix, speed table, reports/compare.{json,html}).
// Arguments are passed on: `npm start -- --quick`, `npm start -- --mnist`.
import { run, setupAndBuild } from './pnpm.mjs';
import { withVirtualDisplay } from './virtual-display.mjs';

const pnpm = setupAndBuild();
// WebGL backends need a display in Node (headless-gl): a virtual one when there is none.
run(...withVirtualDisplay(pnpm, ['--filter', '@polygrad/compare', 'start', ...process.argv.slice(2)]));
