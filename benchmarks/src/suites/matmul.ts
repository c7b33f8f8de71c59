/**
 * (a) Square float32 matmul, n = 128, 256, 512 (and 1024 for the wasm
 * backends and TF.js wasm), A·B, A·Bᵀ and Aᵀ·B (transposes as flags).
 * Each Polygrad backend is timed three ways — public op + dataSync (what a
 * user pays), public op without readback, and the backend's raw kernel (the
 * difference is core's dispatch cost) — against tf.matMul + dataSync on each
 * TF.js peer. Which implementation runs which case is in `runs` below: the
 * slow scalar paths (TF.js with a transposed operand, and every cpu
 * implementation at 1024) are left out where they would take minutes.
 */
import { type Backend, initBackend, matmul, memory, setBackend, tensor } from '@polygrad/core';
import { tf, use } from '../peers.js';
import { time } from '../timing.js';
import { type BenchConfig, type Impl, type Row, ratio, type SuiteResult, seededUniform } from '../types.js';

type Layout = 'A·B' | 'A·Bᵀ' | 'Aᵀ·B';
const FLAGS: Record<Layout, { transposeA: boolean; transposeB: boolean }> = {
  A·B: { transposeA: false, transposeB: false },
  A·Bᵀ: { transposeA: false, transposeB: true },
  Aᵀ·B: { transposeA: true, transposeB: false },
};

/** Whether `impl` runs matmul `n` with `layout` in this suite. */
function runs(impl: Impl, n: number, layout: Layout): boolean {
  const wasm = impl === 'polygrad-wasm' || impl === 'polygrad-wasm-1t';
  if (wasm) return true;
  if (impl === 'tfjs-wasm') return n <= 512 || layout === 'A·B';
  // polygrad-cpu and tfjs-cpu: the original cases
  return n <= 512 && layout !== 'Aᵀ·B';
}

export async function runMatmul(cfg: BenchConfig, log: (s: string) => void): Promise<SuiteResult> {
  const sizes = cfg.quick ? [128, 256] : [128, 256, 512, 1024];
  const rows: Row[] = [];
  const ratios: SuiteResult['ratios'] = [];
  const checks: SuiteResult['checks'] = {};
  const tensorsBefore = memory().tensors;
  const tfTensorsBefore = tf.memory().numTensors;

  for (const n of sizes) {
    for (const layout of ['A·B', 'A·Bᵀ', 'Aᵀ·B'] as const) {
      const { transposeA, transposeB } = FLAGS[layout];
      const name = `${n} ${layout}`;
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
          `  matmul ${name.padEnd(11)} ${`${impl} (${path})`.padEnd(42)} ${t.medianMs.toFixed(3).padStart(9)} ms  ${row.gflops!.median.toFixed(2).padStart(6)} GFLOPS (best ${row.gflops!.best.toFixed(2)})`,
        );
        return row;
      };

      const polygrad: { e2e: Row; kernel: Row; values: Float32Array }[] = [];
      for (const { impl, backend } of cfg.polygrad) {
        if (!runs(impl, n, layout)) continue;
        await setBackend(backend);
        const be: Backend = await initBackend(backend);
        const a = tensor(A, { shape: [n, n], dtype: 'float32' });
        const b = tensor(B, { shape: [n, n], dtype: 'float32' });
        const first = matmul(a, b, { transposeA, transposeB });
        const values = first.dataSync() as Float32Array;
        first.dispose();
        const e2e = add(impl, 'public API + dataSync', () => {
          const c = matmul(a, b, { transposeA, transposeB });
          c.dataSync();
          c.dispose();
        });
        add(impl, 'public API, no readback', () => matmul(a, b, { transposeA, transposeB }).dispose());
        const ia = { handle: be.upload(A, 'float32'), shape: [1, n, n], dtype: 'float32' as const };
        const ib = { handle: be.upload(B, 'float32'), shape: [1, n, n], dtype: 'float32' as const };
        const out = { shape: [1, n, n], dtype: 'float32' as const };
        const kernel = add(impl, 'raw kernel', () =>
          be.free(be.kernels.matmul({ a: ia, b: ib, transposeA, transposeB, out })),
        );
        be.free(ia.handle);
        be.free(ib.handle);
        a.dispose();
        b.dispose();
        polygrad.push({ e2e, kernel, values });
      }
      await setBackend('cpu');

      // TF.js peers
      for (const peer of cfg.peers) {
        if (peer !== 'tfjs-cpu' && peer !== 'tfjs-wasm') continue;
        if (!runs(peer, n, layout)) continue;
        await use(peer);
        const ta = tf.tensor2d(A, [n, n], 'float32');
        const tb = tf.tensor2d(B, [n, n], 'float32');
        const ref = tf.matMul(ta, tb, transposeA, transposeB);
        const refValues = ref.dataSync() as Float32Array;
        ref.dispose();
        for (const p of polygrad) {
          let maxAbs = 0;
          for (let i = 0; i < refValues.length; i++)
            maxAbs = Math.max(maxAbs, Math.abs(refValues[i] - p.values[i]));
          checks[`matmul ${name}: max |${p.e2e.impl} − ${peer}|`] = maxAbs;
        }
        const row = add(peer, 'tf.matMul + dataSync', () => {
          const c = tf.matMul(ta, tb, transposeA, transposeB);
          c.dataSync();
          c.dispose();
        });
        ta.dispose();
        tb.dispose();
        for (const p of polygrad) {
          ratios.push(ratio('matmul', name, p.e2e, row));
          ratios.push(ratio('matmul', name, p.kernel, row));
        }
      }
      await use('tfjs-cpu');
    }
  }
  checks['matmul: Polygrad tensors leaked'] = memory().tensors - tensorsBefore;
  checks['matmul: TF.js tensors leaked'] = tf.memory().numTensors - tfTensorsBefore;
  return { rows, ratios, checks };
}
