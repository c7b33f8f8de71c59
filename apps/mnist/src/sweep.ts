#!/usr/bin/env node
/**
 * Seed sweep: the same recipe trained once per seed (the seed fixes the
 * train/test split, the initialisation, the batches and the dropout masks),
 * so an accuracy claim is measured over several runs, not one.
 *
 *   node dist/sweep.js --seeds 1-10 [any pnpm mnist training flag]   (or --seeds 2,3,7-9)
 */
import { setBackend } from '@polygrad/core';
import '@polygrad/backend-cpu';
import '@polygrad/backend-wasm';
import { loadMnistPackage } from '@polygrad/core/data/node';
import { parseArgs } from './args.js';
import { trainMnist } from './train.js';

function parseSeeds(argv: string[]): { seeds: number[]; rest: string[] } {
  const i = argv.indexOf('--seeds');
  if (i < 0) return { seeds: [1, 2, 3, 4, 5], rest: argv };
  const spec = argv[i + 1] ?? '';
  const seeds: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`--seeds ${spec}: expected a range like 1-10 or a list like 2,3,7`);
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    for (let s = from; s <= to; s++) seeds.push(s);
  }
  return { seeds, rest: [...argv.slice(0, i), ...argv.slice(i + 2)] };
}

async function main(): Promise<void> {
  const { seeds, rest } = parseSeeds(process.argv.slice(2));
  const opts = parseArgs(rest);
  await setBackend(opts.backend);
  const data = loadMnistPackage();
  const { seed: _seed, idxDir: _idx, out: _out, ...recipe } = opts;
  console.log(`recipe: ${JSON.stringify(recipe)}`);
  console.log('| seed | test accuracy | best epoch | seconds |\n| ---: | ---: | ---: | ---: |');
  const accuracies: number[] = [];
  for (const seed of seeds) {
    const r = trainMnist(data, { ...opts, seed });
    accuracies.push(r.testAccuracy);
    const best = Math.max(...r.history.map((h) => h.testAccuracy));
    console.log(
      `| ${seed} | ${(100 * r.testAccuracy).toFixed(2)}% | ${(100 * best).toFixed(2)}% | ${r.seconds.toFixed(1)} |`,
    );
  }
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  const sd = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / (accuracies.length - 1 || 1));
  const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
  console.log(
    `\nmean ${pct(mean)}, sd ${pct(sd)}, min ${pct(Math.min(...accuracies))}, max ${pct(Math.max(...accuracies))}; ` +
      `${accuracies.filter((a) => a >= 0.96).length}/${accuracies.length} seeds reach 96%`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
