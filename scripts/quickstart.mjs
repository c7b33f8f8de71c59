// `npm start`: install everything, build, and run the main job.
import { run, setupAndBuild } from './pnpm.mjs';

const pnpm = setupAndBuild();
run(pnpm, ['--filter', '@polygrad/demo', 'start', ...process.argv.slice(2)]);
