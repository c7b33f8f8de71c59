/**
 * (b) Small-op dispatch overhead: add two 16-element float32 tensors through
 * the public op, including creating the output tensor and disposing it. With
 * 16 elements the arithmetic is ~nothing, so this is the per-op overhead a
 * training loop of small ops pays. Variants: explicit dispose, one tidy per
 * op, 100 ops per tidy, and (Polygrad) the raw backend kernel as the floor.
 */
import { add, type Backend, initBackend, memory, setBackend, tensor, tidy } from '@polygrad/core';
import { tf, use } from '../peers.js';
import { time } from '../timing.js';
import { type BenchConfig, type Row, ratio, type SuiteResult, seededUniform } from '../types.js';

const SIZE = 16;
const PER_TIDY = 100;

export async function runSmallOp(cfg: BenchConfig, log: (s: string) => void): Promise<SuiteResult> {
  const rows: Row[] = [];
  const ratios: SuiteResult['ratios'] = [];
  const checks: SuiteResult['checks'] = {};
  const tensorsBefore = memory().tensors;
  const tfTensorsBefore = tf.memory().numTensors;
  const opts = {
    warmup: 2,
    inner: cfg.quick ? 5000 : 20000,
    minSamples: cfg.quick ? 3 : 7,
    minTimeMs: cfg.quick ? 200 : 800,
    maxSamples: 50,
  };
  const A = seededUniform(SIZE, 11);
  const B = seededUniform(SIZE, 12);
  const caseName = `add ${SIZE} float32`;

  const measure = (impl: Row['impl'], path: string, fn: () => void, opsPerCall = 1): Row => {
    const t = time(fn, { ...opts, inner: Math.max(1, Math.round(opts.inner / opsPerCall)) });
    const row: Row = {
      suite: 'small-op',
      case: caseName,
      impl,
      path,
      medianMs: t.medianMs / opsPerCall,
      minMs: t.minMs / opsPerCall,
      samples: t.samples,
      inner: t.inner * opsPerCall,
    };
    rows.push(row);
    log(
      `  ${caseName}  ${`${impl} (${path})`.padEnd(52)} ${(row.medianMs * 1000).toFixed(3).padStart(8)} µs/op (best ${(row.minMs * 1000).toFixed(3)})`,
    );
    return row;
  };

  // Polygrad (the one-thread wasm instance runs the same code path as the default one: not repeated)
  const polygrad: { impl: Row['impl']; dispose: Row; tidy1: Row; tidy100: Row }[] = [];
  for (const { impl, backend } of cfg.polygrad) {
    if (impl === 'polygrad-wasm-1t') continue;
    await setBackend(backend);
    const be: Backend = await initBackend(backend);
    const a = tensor(A, { shape: [SIZE], dtype: 'float32' });
    const b = tensor(B, { shape: [SIZE], dtype: 'float32' });
    const polyDispose = measure(impl, 'add + dispose', () => add(a, b).dispose());
    const polyTidy = measure(impl, 'tidy(() => add) per op', () =>
      tidy(() => {
        add(a, b);
      }),
    );
    const polyTidy100 = measure(
      impl,
      `${PER_TIDY} adds per tidy`,
      () =>
        tidy(() => {
          for (let i = 0; i < PER_TIDY; i++) add(a, b);
        }),
      PER_TIDY,
    );
    const ia = { handle: be.upload(A, 'float32'), shape: [SIZE], dtype: 'float32' as const };
    const ib = { handle: be.upload(B, 'float32'), shape: [SIZE], dtype: 'float32' as const };
    const out = { shape: [SIZE], dtype: 'float32' as const };
    measure(impl, 'raw kernel + free (floor)', () =>
      be.free(be.kernels.binary({ op: 'add', a: ia, b: ib, out })),
    );
    be.free(ia.handle);
    be.free(ib.handle);
    a.dispose();
    b.dispose();
    polygrad.push({ impl, dispose: polyDispose, tidy1: polyTidy, tidy100: polyTidy100 });
  }
  await setBackend('cpu');

  // TF.js
  for (const peer of cfg.peers) {
    if (peer !== 'tfjs-cpu' && peer !== 'tfjs-wasm') continue;
    await use(peer);
    const ta = tf.tensor1d(A, 'float32');
    const tb = tf.tensor1d(B, 'float32');
    const d = measure(peer, 'tf.add + dispose', () => tf.add(ta, tb).dispose());
    const t1 = measure(peer, 'tf.tidy(() => tf.add) per op', () =>
      tf.tidy(() => {
        tf.add(ta, tb);
      }),
    );
    const t100 = measure(
      peer,
      `${PER_TIDY} adds per tf.tidy`,
      () =>
        tf.tidy(() => {
          for (let i = 0; i < PER_TIDY; i++) tf.add(ta, tb);
        }),
      PER_TIDY,
    );
    ta.dispose();
    tb.dispose();
    for (const p of polygrad) {
      ratios.push(ratio('small-op', `${caseName}, dispose`, p.dispose, d));
      ratios.push(ratio('small-op', `${caseName}, tidy per op`, p.tidy1, t1));
      ratios.push(ratio('small-op', `${caseName}, ${PER_TIDY} per tidy`, p.tidy100, t100));
    }
  }
  await use('tfjs-cpu');
  checks['small-op: Polygrad tensors leaked'] = memory().tensors - tensorsBefore;
  checks['small-op: TF.js tensors leaked'] = tf.memory().numTensors - tfTensorsBefore;
  return { rows, ratios, checks };
}
