/**
 * Polygrad (cpu; wasm with its default threads and with one) vs TF.js (cpu, wasm) in one Node process:
 *   (a) matmul 128/256/512/1024, A·B, A·Bᵀ and Aᵀ·B, public API and raw kernel
 *   (b) small-op dispatch overhead (add of 16 elements + dispose / tidy)
 *   (c) one MLP training step 784→256→10, batch 128
 *   (d) @polygrad/backend-tfjs: Polygrad on TF.js kernels vs TF.js directly (per op, per step)
 *   (e) the WebGL backend (headless-gl): matmul transposes, MLP step, on-GPU chains, compile time
 * Writes results/<date>-<machine>.{json,md} and regenerates results/README.md.
 *
 *   pnpm bench                               # from the repo root (builds first)
 *   node --expose-gc dist/main.js [--quick] [--only matmul,small-op,mlp,tfjs-adapter,webgl] [--out DIR] [--no-write]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import '@polygrad/backend-tfjs';
import '@polygrad/backend-webgl';
import { setBackend } from '@polygrad/core';
import { environment, machineSlug } from './env.js';
import { initPeers, tf } from './peers.js';
import { initPolygrad } from './polygrad-backends.js';
import { type BenchResult, judgeTargets, markdown, writeIndex } from './report.js';
import { runMatmul } from './suites/matmul.js';
import { runMlp } from './suites/mlp.js';
import { runSmallOp } from './suites/small-op.js';
import { runTfjsAdapter } from './suites/tfjs-adapter.js';
import { runWebGL } from './suites/webgl.js';
import type { BenchConfig, SuiteResult } from './types.js';

const SUITES = {
  matmul: runMatmul,
  'small-op': runSmallOp,
  mlp: runMlp,
  'tfjs-adapter': runTfjsAdapter,
  webgl: runWebGL,
} as const;
type SuiteName = keyof typeof SUITES;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(
    'usage: node --expose-gc dist/main.js [--quick] [--only matmul,small-op,mlp,tfjs-adapter,webgl] [--out DIR] [--no-write]',
  );
  process.exit(0);
}
const only = (args.only ? args.only.split(',').map((x) => x.trim()) : Object.keys(SUITES)) as SuiteName[];
for (const name of only)
  if (!(name in SUITES))
    throw new Error(`--only: unknown suite '${name}'; expected ${Object.keys(SUITES).join(', ')}`);

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.resolve(args.out ?? path.join(packageDir, 'results'));
const started = performance.now();
const log = (line: string): void => console.log(line);

const polygrad = await initPolygrad();
await setBackend('cpu');
const peers = await initPeers();
const env = environment(packageDir);
log(`Polygrad benchmarks — ${env.date}`);
log(
  `${env.machine.cpu}, ${env.machine.cores} cores, ${env.machine.memoryGiB} GiB; Node ${env.node}; Polygrad ${env.polygrad.commit.slice(0, 10)}${env.polygrad.dirty ? ' (dirty)' : ''}`,
);
for (const p of polygrad) {
  log(
    `${p.impl} ('${p.backend}'): ${p.available ? `available ${JSON.stringify(p.device)}` : `UNAVAILABLE — ${p.reason}`}`,
  );
}
for (const p of peers.status) {
  log(`${p.name}: ${p.available ? `available ${JSON.stringify(p.details)}` : `UNAVAILABLE — ${p.reason}`}`);
}
if (typeof (globalThis as { gc?: unknown }).gc !== 'function')
  log('note: run with node --expose-gc for steadier numbers (pnpm bench does).');

const available = polygrad.filter((p) => p.available).map(({ impl, backend }) => ({ impl, backend }));
const cfg: BenchConfig = {
  quick: args.quick,
  peers: [...available.map((p) => p.impl), ...peers.available],
  polygrad: available,
};
const all: SuiteResult = { rows: [], ratios: [], checks: {} };
for (const name of only) {
  log(`\n[${name}]`);
  const r = await SUITES[name](cfg, log);
  all.rows.push(...r.rows);
  all.ratios.push(...r.ratios);
  Object.assign(all.checks, r.checks);
}

const result: BenchResult = {
  schema: 1,
  env,
  polygrad,
  tfjs: {
    versions: peers.versions,
    backends: peers.status,
    flags: `defaults (PROD=${tf.env().getBool('PROD')}, DEBUG=${tf.env().getBool('DEBUG')})`,
  },
  settings: {
    quick: args.quick,
    command: `node ${process.execArgv.join(' ')} dist/main.js ${process.argv.slice(2).join(' ')}`
      .replace(/\s+/g, ' ')
      .trim(),
    exposeGc: typeof (globalThis as { gc?: unknown }).gc === 'function',
    durationS: (performance.now() - started) / 1000,
  },
  rows: all.rows,
  ratios: all.ratios,
  checks: all.checks,
  targets: judgeTargets(all.rows),
};

log('\n[targets]');
for (const t of result.targets)
  log(
    `  ${t.met === null ? 'n/a ' : t.met ? 'MET ' : 'MISS'}  ${t.name}: goal ${t.target}; measured ${t.measured}`,
  );
log('\n[ratios] speedup = time(other) / time(Polygrad); > 1 means Polygrad is faster');
for (const r of result.ratios)
  log(`  ${r.case.padEnd(32)} ${r.polygrad.padEnd(44)} vs ${r.other.padEnd(44)} ${r.speedup.toFixed(2)}×`);
log('\n[checks]');
for (const [k, v] of Object.entries(result.checks)) log(`  ${k}: ${v}`);

if (!args['no-write']) {
  mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, `${env.date.slice(0, 10)}-${machineSlug(env)}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown(result));
  writeIndex(outDir);
  log(
    `\nwrote ${path.relative(process.cwd(), `${base}.json`)}, ${path.relative(process.cwd(), `${base}.md`)} and README.md (${result.settings.durationS.toFixed(1)} s)`,
  );
}
