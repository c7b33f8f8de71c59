// `npm start`: install everything, build, and run the main job — the compare app: every backend
// found in the workspace side by side (conformance matrix, speed table, reports/compare.{json,html}).
// Arguments are passed on: `npm start -- --quick`, `npm start -- --mnist`.
import { spawnSync } from 'node:child_process';
import { run, setupAndBuild } from './pnpm.mjs';

const pnpm = setupAndBuild();
const args = ['--filter', '@polygrad/compare', 'start', ...process.argv.slice(2)];

// WebGL backends need a display in Node (headless-gl): give them a virtual one when Xvfb is installed.
const canXvfb =
  process.platform === 'linux' &&
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by a plain script, not a turbo task
  !process.env.DISPLAY &&
  spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error === undefined;
if (canXvfb) run('xvfb-run', ['-a', '-s', '-ac -screen 0 1280x1024x24', pnpm, ...args]);
else run(pnpm, args);
