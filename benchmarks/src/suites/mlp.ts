/**
 * (c) One MLP training step, 784 → 256 → 10, batch 128, float32:
 * linear + relu + linear + softmax cross-entropy (mean) + backward + SGD
 * update of all four parameters, and reading the loss back.
 * Polygrad: core ops inside one tidy per step. TF.js: the idiomatic
 * equivalent, `optimizer.minimize(() => tf.losses.softmaxCrossEntropy(...), true)`.
 * Both start from identical weights and data; the step-1 losses are compared.
 */
import {
  linear,
  memory,
  relu,
  setBackend,
  sgdUpdate,
  softmaxCrossEntropy,
  type Tensor,
  tensor,
  tidy,
} from '@polygrad/core';
import { tf, use } from '../peers.js';
import { time } from '../timing.js';
import { type BenchConfig, type Row, ratio, type SuiteResult, seededUniform } from '../types.js';

const BATCH = 128;
const IN = 784;
const HIDDEN = 256;
const OUT = 10;
const LR = 0.05;

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
  const caseName = `MLP ${IN}→${HIDDEN}→${OUT}, batch ${BATCH}, SGD`;

  const X = seededUniform(BATCH * IN, 31);
  const labels = new Int32Array(BATCH);
  const u = seededUniform(BATCH, 32);
  for (let i = 0; i < BATCH; i++) labels[i] = Math.min(OUT - 1, Math.floor(((u[i] + 1) / 2) * OUT));
  const W1 = seededUniform(HIDDEN * IN, 33, Math.sqrt(6 / (IN + HIDDEN)));
  const B1 = new Float32Array(HIDDEN);
  const W2 = seededUniform(OUT * HIDDEN, 34, Math.sqrt(6 / (HIDDEN + OUT)));
  const B2 = new Float32Array(OUT);

  const record = (impl: Row['impl'], path: string, fn: () => void): Row => {
    const t = time(fn, opts);
    const row: Row = { suite: 'mlp-step', case: caseName, impl, path, ...t };
    rows.push(row);
    log(
      `  ${caseName}  ${`${impl} (${path})`.padEnd(58)} ${t.medianMs.toFixed(2).padStart(8)} ms/step (best ${t.minMs.toFixed(2)})`,
    );
    return row;
  };

  // Polygrad, on each backend
  const polygrad: { row: Row; first: number }[] = [];
  for (const { impl, backend } of cfg.polygrad) {
    await setBackend(backend);
    const x = tensor(X, { shape: [BATCH, IN], dtype: 'float32' });
    const y = tensor(labels, { shape: [BATCH], dtype: 'int32' });
    const params: Tensor[] = [
      tensor(W1, { shape: [HIDDEN, IN], dtype: 'float32' }),
      tensor(B1, { shape: [HIDDEN], dtype: 'float32' }),
      tensor(W2, { shape: [OUT, HIDDEN], dtype: 'float32' }),
      tensor(B2, { shape: [OUT], dtype: 'float32' }),
    ].map((p) => p.requiresGrad_());
    const [w1, b1, w2, b2] = params;
    const polyStep = (): number =>
      tidy(() => {
        const loss = softmaxCrossEntropy(linear(relu(linear(x, w1, b1)), w2, b2), y).mean();
        loss.backward();
        for (const p of params) {
          sgdUpdate(p, p.grad!, null, { lr: LR });
          p.zeroGrad();
        }
        return loss.itemSync();
      });
    const polyFirst = polyStep();
    const steady = memory().tensors;
    const row = record(impl, 'core ops in tidy: linear/relu/softmaxCrossEntropy/backward/sgdUpdate', () => {
      polyStep();
    });
    checks[`mlp: ${impl} live tensors grew during timed steps`] = memory().tensors - steady;
    checks[`mlp: ${impl} step-1 loss`] = polyFirst;
    for (const t of [x, y, ...params]) t.dispose();
    polygrad.push({ row, first: polyFirst });
  }
  await setBackend('cpu');
  const cpuRow = polygrad.find((p) => p.row.impl === 'polygrad-cpu');
  for (const p of polygrad) {
    if (cpuRow && p !== cpuRow) ratios.push(ratio('mlp-step', caseName, p.row, cpuRow.row));
  }

  // TF.js
  for (const peer of cfg.peers) {
    if (peer !== 'tfjs-cpu' && peer !== 'tfjs-wasm') continue;
    await use(peer);
    const tx = tf.tensor2d(X, [BATCH, IN], 'float32');
    const ty = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), OUT), 'float32'));
    // tf.variable copies its initial value; tidy frees the initial tensors (variables survive tidy).
    const [v1, c1, v2, c2] = tf.tidy(() => [
      tf.variable(tf.tensor2d(W1, [HIDDEN, IN])),
      tf.variable(tf.tensor1d(B1)),
      tf.variable(tf.tensor2d(W2, [OUT, HIDDEN])),
      tf.variable(tf.tensor1d(B2)),
    ]);
    const opt = tf.train.sgd(LR);
    const tfStep = (): number => {
      const loss = opt.minimize(() => {
        const h = tf.relu(tf.add(tf.matMul(tx, v1, false, true), c1));
        const logits = tf.add(tf.matMul(h, v2, false, true), c2);
        return tf.losses.softmaxCrossEntropy(ty, logits) as tf.Scalar;
      }, true);
      const value = loss!.dataSync()[0];
      loss!.dispose();
      return value;
    };
    const first = tfStep();
    checks[`mlp: ${peer} step-1 loss`] = first;
    for (const p of polygrad)
      checks[`mlp: |step-1 loss ${p.row.impl} − ${peer}|`] = Math.abs(first - p.first);
    const row = record(peer, 'optimizer.minimize(tf.losses.softmaxCrossEntropy)', () => {
      tfStep();
    });
    for (const p of polygrad) ratios.push(ratio('mlp-step', caseName, p.row, row));
    tf.dispose([tx, ty, v1, c1, v2, c2]);
    opt.dispose();
  }
  await use('tfjs-cpu');
  checks['mlp: Polygrad tensors leaked'] = memory().tensors - tensorsBefore;
  checks['mlp: TF.js tensors leaked'] = tf.memory().numTensors - tfTensorsBefore;
  return { rows, ratios, checks };
}
