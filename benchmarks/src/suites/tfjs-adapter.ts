/**
 * (d) The @polygrad/backend-tfjs adapter's overhead: the same work through
 * Polygrad on TF.js's kernels (`tfjs-wasm`, `tfjs-cpu`) and on TF.js directly,
 * same backend, same process, same run. Both sides execute TF.js kernels; the
 * difference is Polygrad's core (validation, autograd tape, handles) plus the
 * adapter (reshape, tidy, fixes).
 *   - per op: add of two 16-element float32 tensors + dispose (the fixed cost),
 *     through the public op and through the adapter's kernel alone (no core);
 *     matmul 128 A·Bᵀ + dataSync (a kernel that does real work).
 *   - per training step: the MLP step of suite (c), Polygrad's autograd + fused
 *     kernels on the adapter vs TF.js's `optimizer.minimize`.
 */
import {
  add,
  initBackend,
  linear,
  matmul,
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
import { type BenchConfig, type Impl, type Row, ratio, type SuiteResult, seededUniform } from '../types.js';

const SMALL = 16;
const MM = 128;
const BATCH = 128;
const IN = 784;
const HIDDEN = 256;
const OUT = 10;
const LR = 0.05;

type TfPeer = 'tfjs-cpu' | 'tfjs-wasm';
const ADAPTER: Record<TfPeer, Impl> = { 'tfjs-cpu': 'polygrad-tfjs-cpu', 'tfjs-wasm': 'polygrad-tfjs-wasm' };

export async function runTfjsAdapter(cfg: BenchConfig, log: (s: string) => void): Promise<SuiteResult> {
  const rows: Row[] = [];
  const ratios: SuiteResult['ratios'] = [];
  const checks: SuiteResult['checks'] = {};
  const tensorsBefore = memory().tensors;
  const tfTensorsBefore = tf.memory().numTensors;
  const opOpts = {
    warmup: 2,
    minSamples: cfg.quick ? 3 : 7,
    minTimeMs: cfg.quick ? 200 : 800,
    maxSamples: 50,
  };
  const stepOpts = {
    warmup: 3,
    inner: 1,
    minSamples: cfg.quick ? 5 : 15,
    minTimeMs: cfg.quick ? 300 : 1500,
    maxSamples: 200,
  };
  const measure = (
    suite: 'tfjs-adapter-op' | 'tfjs-adapter-step',
    c: string,
    impl: Impl,
    path: string,
    fn: () => void,
    inner: number,
  ): Row => {
    const t = time(fn, suite === 'tfjs-adapter-op' ? { ...opOpts, inner } : stepOpts);
    const row: Row = { suite, case: c, impl, path, ...t };
    rows.push(row);
    const v =
      suite === 'tfjs-adapter-op'
        ? `${(t.medianMs * 1000).toFixed(2)} µs/op`
        : `${t.medianMs.toFixed(2)} ms/step`;
    log(`  ${c.padEnd(34)} ${`${impl} (${path})`.padEnd(60)} ${v.padStart(14)}`);
    return row;
  };

  const A = seededUniform(SMALL, 41);
  const B = seededUniform(SMALL, 42);
  const MA = seededUniform(MM * MM, 43);
  const MB = seededUniform(MM * MM, 44);
  const X = seededUniform(BATCH * IN, 31);
  const labels = new Int32Array(BATCH);
  const u = seededUniform(BATCH, 32);
  for (let i = 0; i < BATCH; i++) labels[i] = Math.min(OUT - 1, Math.floor(((u[i] + 1) / 2) * OUT));
  const W1 = seededUniform(HIDDEN * IN, 33, Math.sqrt(6 / (IN + HIDDEN)));
  const W2 = seededUniform(OUT * HIDDEN, 34, Math.sqrt(6 / (HIDDEN + OUT)));
  const addCase = `add ${SMALL} float32 + dispose`;
  const mmCase = `matmul ${MM} A·Bᵀ + dataSync`;
  const stepCase = `MLP ${IN}→${HIDDEN}→${OUT}, batch ${BATCH}, SGD`;

  for (const peer of cfg.peers) {
    if (peer !== 'tfjs-cpu' && peer !== 'tfjs-wasm') continue;
    const impl = ADAPTER[peer];
    try {
      await initBackend(peer);
    } catch (e) {
      checks[`tfjs-adapter: ${impl} unavailable`] = (e as Error).message;
      continue;
    }
    await setBackend(peer);
    const info = (await initBackend(peer)).deviceInfo();
    checks[`tfjs-adapter: ${impl} fixes`] = String(info.fixes);

    // Per op: Polygrad through the adapter, then TF.js directly.
    const a = tensor(A, { shape: [SMALL] });
    const b = tensor(B, { shape: [SMALL] });
    const ma = tensor(MA, { shape: [MM, MM] });
    const mb = tensor(MB, { shape: [MM, MM] });
    const pAdd = measure(
      'tfjs-adapter-op',
      addCase,
      impl,
      'add + dispose',
      () => add(a, b).dispose(),
      cfg.quick ? 2000 : 5000,
    );
    let polyMm: Float32Array = new Float32Array(0);
    const pMm = measure(
      'tfjs-adapter-op',
      mmCase,
      impl,
      'matmul(a, b, { transposeB }) + dataSync',
      () => {
        const y = matmul(ma, mb, { transposeB: true });
        polyMm = y.dataSync() as Float32Array;
        y.dispose();
      },
      cfg.quick ? 20 : 50,
    );
    // The adapter alone, without core: its binary kernel + free on existing handles.
    const be = await initBackend(peer);
    const out = { shape: [SMALL], dtype: 'float32' as const };
    const ia = a._info('bench');
    const ib = b._info('bench');
    const kAdd = measure(
      'tfjs-adapter-op',
      addCase,
      impl,
      'raw kernel + free (adapter alone)',
      () => be.free(be.kernels.binary({ op: 'add', a: ia, b: ib, out })),
      cfg.quick ? 2000 : 5000,
    );
    for (const t of [a, b, ma, mb]) t.dispose();

    await use(peer);
    const ta = tf.tensor1d(A);
    const tb = tf.tensor1d(B);
    const tma = tf.tensor2d(MA, [MM, MM]);
    const tmb = tf.tensor2d(MB, [MM, MM]);
    const tAdd = measure(
      'tfjs-adapter-op',
      addCase,
      peer,
      'tf.add + dispose',
      () => tf.add(ta, tb).dispose(),
      cfg.quick ? 2000 : 5000,
    );
    let tfMm: Float32Array = new Float32Array(0);
    const tMm = measure(
      'tfjs-adapter-op',
      mmCase,
      peer,
      'tf.matMul(a, b, false, true) + dataSync',
      () => {
        const y = tf.matMul(tma, tmb, false, true);
        tfMm = y.dataSync() as Float32Array;
        y.dispose();
      },
      cfg.quick ? 20 : 50,
    );
    tf.dispose([ta, tb, tma, tmb]);
    ratios.push(ratio('tfjs-adapter-op', addCase, pAdd, tAdd));
    ratios.push(ratio('tfjs-adapter-op', `${addCase} (kernel)`, kAdd, tAdd));
    ratios.push(ratio('tfjs-adapter-op', mmCase, pMm, tMm));
    checks[`tfjs-adapter: ${impl} overhead per small op, public op (µs)`] =
      (pAdd.medianMs - tAdd.medianMs) * 1000;
    checks[`tfjs-adapter: ${impl} overhead per small op, adapter kernel alone (µs)`] =
      (kAdd.medianMs - tAdd.medianMs) * 1000;
    checks[`tfjs-adapter: ${impl} overhead per matmul ${MM} (µs)`] = (pMm.medianMs - tMm.medianMs) * 1000;
    checks[`tfjs-adapter: max |matmul ${MM} via ${impl} − ${peer}|`] = polyMm.reduce(
      (m, v, i) => Math.max(m, Math.abs(v - tfMm[i])),
      0,
    );

    // Per training step.
    await setBackend(peer);
    const x = tensor(X, { shape: [BATCH, IN] });
    const y = tensor(labels, { shape: [BATCH], dtype: 'int32' });
    const params: Tensor[] = [
      tensor(W1, { shape: [HIDDEN, IN] }),
      tensor(new Float32Array(HIDDEN), { shape: [HIDDEN] }),
      tensor(W2, { shape: [OUT, HIDDEN] }),
      tensor(new Float32Array(OUT), { shape: [OUT] }),
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
    const pStep = measure(
      'tfjs-adapter-step',
      stepCase,
      impl,
      'Polygrad autograd + fused kernels, tidy',
      () => {
        polyStep();
      },
      1,
    );
    checks[`tfjs-adapter: ${impl} live tensors grew during timed steps`] = memory().tensors - steady;
    for (const t of [x, y, ...params]) t.dispose();

    await use(peer);
    const tx = tf.tensor2d(X, [BATCH, IN]);
    const ty = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), OUT), 'float32'));
    const [v1, c1, v2, c2] = tf.tidy(() => [
      tf.variable(tf.tensor2d(W1, [HIDDEN, IN])),
      tf.variable(tf.zeros([HIDDEN])),
      tf.variable(tf.tensor2d(W2, [OUT, HIDDEN])),
      tf.variable(tf.zeros([OUT])),
    ]);
    const opt = tf.train.sgd(LR);
    const tfStep = (): number => {
      const loss = opt.minimize(() => {
        const h = tf.relu(tf.add(tf.matMul(tx, v1, false, true), c1));
        return tf.losses.softmaxCrossEntropy(ty, tf.add(tf.matMul(h, v2, false, true), c2)) as tf.Scalar;
      }, true);
      const value = loss!.dataSync()[0];
      loss!.dispose();
      return value;
    };
    const tfFirst = tfStep();
    const tStep = measure(
      'tfjs-adapter-step',
      stepCase,
      peer,
      'optimizer.minimize(tf.losses.softmaxCrossEntropy)',
      () => {
        tfStep();
      },
      1,
    );
    tf.dispose([tx, ty, v1, c1, v2, c2]);
    opt.dispose();
    ratios.push(ratio('tfjs-adapter-step', stepCase, pStep, tStep));
    checks[`tfjs-adapter: ${impl} overhead per training step (ms)`] = pStep.medianMs - tStep.medianMs;
    checks[`tfjs-adapter: |step-1 loss ${impl} − ${peer}|`] = Math.abs(polyFirst - tfFirst);
  }
  await use('tfjs-cpu');
  await setBackend('cpu');
  checks['tfjs-adapter: Polygrad tensors leaked'] = memory().tensors - tensorsBefore;
  checks['tfjs-adapter: TF.js tensors leaked'] = tf.memory().numTensors - tfTensorsBefore;
  return { rows, ratios, checks };
}
