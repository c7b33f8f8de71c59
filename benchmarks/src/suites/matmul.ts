/**
 * (a) Square float32 matmul, n = 128, 256, 512, A·B and A·Bᵀ.
 * Polygrad three ways — public op + dataSync (what a user pays), public op
 * without readback, and the backend's raw kernel (the difference is core's
 * dispatch cost) — against tf.matMul + dataSync on each TF.js peer.
 */
import { type Backend, initBackend, matmul, memory, tensor } from '@polygrad/core';
import { tf, use } from '../peers.js';
import { time } from '../timing.js';
import { type BenchConfig, type Row, ratio, type SuiteResult, seededUniform } from '../types.js';

export async function runMatmul(cfg: BenchConfig, log: (s: string) => void): Promise<SuiteResult> {
  const be: Backend = await initBackend('cpu');
  const sizes = cfg.quick ? [128, 256] : [128, 256, 512];
  const rows: Row[] = [];
  const ratios: SuiteResult['ratios'] = [];
  const checks: SuiteResult['checks'] = {};
  const tensorsBefore = memory().tensors;
  const tfTensorsBefore = tf.memory().numTensors;

  for (const n of sizes) {
    for (const transposeB of [false, true]) {
      const name = `${n} ${transposeB ? 'A·Bᵀ' : 'A·B'}`;
      const flop = 2 * n * n * n;
      const opts = {
        warmup: 2,
        inner: 1,
        minSamples: cfg.quick ? 3 : 5,
        minTimeMs: cfg.quick ? 200 : 700,
        maxSamples: 200,
      };
      const A = seededUniform(n * n, 1000 + n);
      const B = seededUniform(n * n, 2000 + n);
      const add = (impl: Row['impl'], path: string, fn: () => void): Row => {
        const t = time(fn, opts);
        const row: Row = {
          suite: 'matmul',
          case: name,
          impl,
          path,
          ...t,
          gflops: { median: flop / t.medianMs / 1e6, best: flop / t.minMs / 1e6 },
        };
        rows.push(row);
        log(
          `  matmul ${name.padEnd(10)} ${`${impl} (${path})`.padEnd(38)} ${t.medianMs.toFixed(3).padStart(9)} ms  ${row.gflops!.median.toFixed(2).padStart(6)} GFLOPS (best ${row.gflops!.best.toFixed(2)})`,
        );
        return row;
      };

      // Polygrad
      const a = tensor(A, { shape: [n, n], dtype: 'float32' });
      const b = tensor(B, { shape: [n, n], dtype: 'float32' });
      const polyOut = matmul(a, b, { transposeB });
      const polyValues = polyOut.dataSync() as Float32Array;
      polyOut.dispose();
      const e2e = add('polygrad-cpu', 'public API + dataSync', () => {
        const c = matmul(a, b, { transposeB });
        c.dataSync();
        c.dispose();
      });
      add('polygrad-cpu', 'public API, no readback', () => matmul(a, b, { transposeB }).dispose());
      const ia = { handle: be.upload(A, 'float32'), shape: [n, n], dtype: 'float32' as const };
      const ib = { handle: be.upload(B, 'float32'), shape: [n, n], dtype: 'float32' as const };
      const out = { shape: [n, n], dtype: 'float32' as const };
      const kernel = add('polygrad-cpu', 'raw kernel', () =>
        be.free(be.kernels.matmul({ a: ia, b: ib, transposeA: false, transposeB, out })),
      );
      be.free(ia.handle);
      be.free(ib.handle);
      a.dispose();
      b.dispose();

      // TF.js peers
      for (const peer of cfg.peers) {
        if (peer === 'polygrad-cpu') continue;
        await use(peer);
        const ta = tf.tensor2d(A, [n, n], 'float32');
        const tb = tf.tensor2d(B, [n, n], 'float32');
        const ref = tf.matMul(ta, tb, false, transposeB);
        const refValues = ref.dataSync() as Float32Array;
        ref.dispose();
        let maxAbs = 0;
        for (let i = 0; i < refValues.length; i++)
          maxAbs = Math.max(maxAbs, Math.abs(refValues[i] - polyValues[i]));
        checks[`matmul ${name}: max |polygrad − ${peer}|`] = maxAbs;
        const row = add(peer, 'tf.matMul + dataSync', () => {
          const c = tf.matMul(ta, tb, false, transposeB);
          c.dataSync();
          c.dispose();
        });
        ta.dispose();
        tb.dispose();
        ratios.push(ratio('matmul', name, e2e, row));
        ratios.push(ratio('matmul', name, kernel, row));
      }
      await use('tfjs-cpu');
    }
  }
  checks['matmul: Polygrad tensors leaked'] = memory().tensors - tensorsBefore;
  checks['matmul: TF.js tensors leaked'] = tf.memory().numTensors - tfTensorsBefore;
  return { rows, ratios, checks };
}
