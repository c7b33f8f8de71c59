/**
 * Profiling harness for the small-op path (b): loops `add(a, b).dispose()` on
 * two 16-element float32 tensors. Run under the V8 profiler and summarise:
 *
 *   pnpm --filter @polygrad/benchmarks run profile:small-op
 *   (= node --cpu-prof --cpu-prof-dir=profiles dist/profile-small-op.js
 *      && node dist/analyze-profile.js profiles; profiles/ is git-ignored)
 */
import { parseArgs } from 'node:util';
import '@polygrad/backend-cpu';
import { add, matmul, memory, setBackend, tensor, tidy } from '@polygrad/core';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    variant: { type: 'string', default: 'dispose' },
  },
});
await setBackend('cpu');
const a = tensor(new Float32Array(16).fill(1.5), { shape: [16], dtype: 'float32' });
const b = tensor(new Float32Array(16).fill(2.5), { shape: [16], dtype: 'float32' });
const variants: Record<string, () => void> = {
  dispose: () => add(a, b).dispose(),
  tidy: () =>
    tidy(() => {
      add(a, b);
    }),
  matmul16: () => matmul(a.reshape([4, 4]), b.reshape([4, 4])).dispose(),
};
const fn = variants[args.variant ?? 'dispose'];
if (!fn) throw new Error(`--variant must be one of ${Object.keys(variants).join(', ')}`);
const before = memory().tensors;
const end = performance.now() + Number(args.seconds) * 1000;
let ops = 0;
const t0 = performance.now();
while (performance.now() < end) {
  for (let i = 0; i < 10000; i++) fn();
  ops += 10000;
}
const ms = performance.now() - t0;
console.log(
  `${args.variant}: ${ops} ops in ${ms.toFixed(0)} ms = ${((ms / ops) * 1000).toFixed(3)} µs/op; live tensors ${before} → ${memory().tensors}`,
);
