import { bench } from 'vitest';
import { runPerf } from './perf.js';

// `vitest bench --run` prints the custom timings (GFLOPS, µs) from perf.ts once.
bench(
  'cpu kernels (see console output)',
  () => {
    runPerf();
  },
  { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 },
);
