/**
 * Polygrad demo: train a 2-layer MLP on a synthetic 3-class spiral on the CPU
 * backend (or any registered one: --backend NAME | auto) and print the loss
 * going down.
 *
 *   pnpm demo                                  # from the repo root
 *   node dist/main.js --steps 2000 --optimizer sgd --lr 0.5
 */
import { parseArgs } from 'node:util';
import '@polygrad/backend-cpu';
import { listBackends, manualSeed, memory, setBackend } from '@polygrad/core';
import { defaultTrainOptions, makeSpiral, trainMlp } from './train.js';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'cpu' },
    steps: { type: 'string', default: String(defaultTrainOptions.steps) },
    hidden: { type: 'string', default: String(defaultTrainOptions.hidden) },
    optimizer: { type: 'string', default: defaultTrainOptions.optimizer },
    lr: { type: 'string' },
    'per-class': { type: 'string', default: '200' },
    classes: { type: 'string', default: '3' },
    seed: { type: 'string', default: '42' },
    'log-every': { type: 'string', default: String(defaultTrainOptions.logEvery) },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (args.help) {
  console.log(`usage: node dist/main.js [--backend cpu|auto|NAME] [--steps N] [--hidden N] [--optimizer adam|sgd]
                         [--lr X] [--per-class N] [--classes N] [--seed N] [--log-every N]`);
  process.exit(0);
}

function int(name: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}; got ${v}`);
  return n;
}

const optimizer = args.optimizer;
if (optimizer !== 'adam' && optimizer !== 'sgd')
  throw new Error(`--optimizer must be adam or sgd; got ${optimizer}`);
const lr = args.lr !== undefined ? Number(args.lr) : optimizer === 'adam' ? defaultTrainOptions.lr : 0.5;
if (!(lr > 0)) throw new Error(`--lr must be a positive number; got ${args.lr}`);
const steps = int('steps', args.steps, 1);
const hidden = int('hidden', args.hidden, 1);
const perClass = int('per-class', args['per-class'], 2);
const classes = int('classes', args.classes, 2);
const seed = int('seed', args.seed, 0);
const logEvery = int('log-every', args['log-every'], 1);

let selection: Awaited<ReturnType<typeof setBackend>>;
try {
  selection = await setBackend(args.backend ?? 'cpu');
} catch (e) {
  console.error(`Cannot use backend '${args.backend}': ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
console.log('Backends:');
for (const b of await listBackends()) {
  const device = b.device
    ? Object.entries(b.device)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : '';
  const status = b.available ? 'available' : `unavailable (${b.reason})`;
  console.log(
    `  ${b.active ? '*' : ' '} ${b.name.padEnd(8)} priority ${b.priority}, ${status}${b.precision ? `, precision ${b.precision}` : ''}${device ? `, ${device}` : ''}`,
  );
}
for (const s of selection.skipped) console.log(`  skipped ${s.name}: ${s.reason}`);
console.log(`Using backend '${selection.name}'.`);

manualSeed(seed);
const data = makeSpiral(perClass, classes, seed);
console.log(
  `\nSpiral: ${data.n} points, ${classes} classes (seed ${seed}). MLP 2 → ${hidden} → ${classes} (relu), ` +
    `${optimizer} lr ${lr}, full batch, ${steps} steps.`,
);
console.log(`Live tensors at start: ${memory().tensors}`);

const result = trainMlp(data, {
  steps,
  hidden,
  optimizer,
  lr,
  logEvery,
  seed,
  onLog: (step, loss) => console.log(`  step ${String(step).padStart(5)}  loss ${loss.toFixed(4)}`),
});

console.log(
  `\nLoss ${result.firstLoss.toFixed(4)} → ${result.finalLoss.toFixed(4)}; ` +
    `train accuracy ${(result.accuracy * 100).toFixed(1)}% (chance ${(100 / classes).toFixed(1)}%).`,
);
console.log(
  `Live tensors: start ${result.tensorsBefore}, after step 1 ${result.tensorsAfterFirstStep}, ` +
    `after step ${steps} ${result.tensorsAfterLastStep}, end ${result.tensorsAfter}` +
    (result.tensorsAfterFirstStep === result.tensorsAfterLastStep &&
    result.tensorsAfter === result.tensorsBefore
      ? ' (flat: nothing leaked).'
      : ' (NOT flat: something leaked).'),
);
console.log(`Trained in ${(result.ms / 1000).toFixed(2)} s (${(result.ms / steps).toFixed(2)} ms/step).`);
if (result.tensorsAfter !== result.tensorsBefore || result.finalLoss >= result.firstLoss)
  process.exitCode = 1;
