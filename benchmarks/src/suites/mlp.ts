/**
 * (c) One MLP training step, 784 → 256 → 10, batch 128, float32:
 * linear + relu + linear + softmax cross-entropy (mean) + backward + SGD
 * update of all four parameters, and reading the loss back.
 * Polygrad: core ops inside one tidy per step. TF.js: the idiomatic
 * equivalent, `optimizer.minimize(() => tf.losses.softmaxCrossEntropy(...), true)`.
 * Both start from identical weights and data; the step-1 losses are compared.
 */
import { memory } from '@polygrad/core';
import { tf, use } from '../peers.js';
import { time } from '../timing.js';
import { type BenchConfig, type Row, ratio, type SuiteResult } from '../types.js';
import { MLP, polygradMlpStep, tfjsMlpStep } from '../workloads/mlp-step.js';

export async function runMlp(cfg: BenchConfig, log: (s: string) => void): Promise<SuiteResult> {
  const rows: Row[] = [];
  const ratios: SuiteResult['ratios'] = [];
  const checks: SuiteResult['checks'] = {};
  const tensorsBefore = memory().tensors;
  const tfTensorsBefore = tf.memory().numTensors;
  const opts = {
    warmup: 3,
    inner: 1,
    minSamples: cfg.quick ? 5 : 15,
    minTimeMs: cfg.quick ? 300 : 1500,
    maxSamples: 200,
  };
  const caseName = `MLP ${MLP.in}→${MLP.hidden}→${MLP.out}, batch ${MLP.batch}, SGD`;

  const record = (impl: Row['impl'], path: string, fn: () => void): Row => {
    const t = time(fn, opts);
    const row: Row = { suite: 'mlp-step', case: caseName, impl, path, ...t };
    rows.push(row);
    log(
      `  ${caseName}  ${`${impl} (${path})`.padEnd(58)} ${t.medianMs.toFixed(2).padStart(8)} ms/step (best ${t.minMs.toFixed(2)})`,
    );
    return row;
  };

  // Polygrad
  const polyWork = polygradMlpStep('cpu');
  const polyFirst = polyWork.step() as number;
  const steady = memory().tensors;
  const poly = record(
    'polygrad-cpu',
    'core ops in tidy: linear/relu/softmaxCrossEntropy/backward/sgdUpdate',
    polyWork.run,
  );
  checks['mlp: Polygrad live tensors grew during timed steps'] = memory().tensors - steady;
  checks['mlp: Polygrad step-1 loss'] = polyFirst;
  polyWork.dispose();

  // TF.js
  for (const peer of cfg.peers) {
    if (peer === 'polygrad-cpu') continue;
    await use(peer);
    const peerWork = tfjsMlpStep(tf);
    const first = peerWork.step() as number;
    checks[`mlp: ${peer} step-1 loss`] = first;
    checks[`mlp: |step-1 loss polygrad − ${peer}|`] = Math.abs(first - polyFirst);
    const row = record(peer, 'optimizer.minimize(tf.losses.softmaxCrossEntropy)', peerWork.run);
    ratios.push(ratio('mlp-step', caseName, poly, row));
    peerWork.dispose();
  }
  await use('tfjs-cpu');
  checks['mlp: Polygrad tensors leaked'] = memory().tensors - tensorsBefore;
  checks['mlp: TF.js tensors leaked'] = tf.memory().numTensors - tfTensorsBefore;
  return { rows, ratios, checks };
}
