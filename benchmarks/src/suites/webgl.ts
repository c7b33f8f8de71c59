/**
 * (d) The WebGL backend in Node (gpu.js on headless-gl; Mesa llvmpipe here, so
 * software GL on the same CPU): matmul 512³ in every transpose combination,
 * the 784→256→10 MLP step, a chain of five elementwise ops kept on the GPU
 * against the same chain read back and re-uploaded after every op, and kernel
 * compile time. TF.js's webgl backend needs a browser, so the Node peer is the
 * CPU backend on the same machine in the same run; the browser comparison
 * with TF.js webgl runs in Chromium (see the compare app).
 */
import {
  add,
  initBackend,
  linear,
  matmul,
  memory,
  mul,
  relu,
  sgdUpdate,
  softmaxCrossEntropy,
  sqrt,
  type Tensor,
  tanh,
  tensor,
  tidy,
} from '@polygrad/core';
import { time } from '../timing.js';
import { type BenchConfig, type Row, ratio, type SuiteResult, seededUniform } from '../types.js';

/** What the WebGL backend object adds to the contract (see @polygrad/backend-webgl). */
interface WebGLStats {
  stats(): { compiles: number; compileMs: number; runs: number };
  finish(): void;
}

export async function runWebGL(cfg: BenchConfig, log: (s: string) => void): Promise<SuiteResult> {
  const rows: Row[] = [];
  const ratios: SuiteResult['ratios'] = [];
  const checks: SuiteResult['checks'] = {};
  let gl: WebGLStats;
  try {
    gl = (await initBackend('webgl')) as unknown as WebGLStats;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    log(`  webgl UNAVAILABLE — ${reason}`);
    checks['webgl: unavailable'] = reason;
    return { rows, ratios, checks };
  }
  const tensorsBefore = memory().tensors;
  const opts = (quick: boolean, minTimeMs: number) => ({
    warmup: 2,
    inner: 1,
    minSamples: quick ? 3 : 5,
    minTimeMs: quick ? minTimeMs / 3 : minTimeMs,
    maxSamples: 100,
  });
  const record = (c: string, impl: Row['impl'], path: string, fn: () => void, flop?: number): Row => {
    const t = time(fn, opts(cfg.quick, 1500));
    const row: Row = {
      suite: 'webgl',
      case: c,
      impl,
      path,
      ...t,
      ...(flop ? { gflops: { median: flop / t.medianMs / 1e6, best: flop / t.minMs / 1e6 } } : {}),
    };
    rows.push(row);
    log(
      `  ${c.padEnd(34)} ${`${impl} (${path})`.padEnd(46)} ${t.medianMs.toFixed(2).padStart(9)} ms${row.gflops ? `  ${row.gflops.median.toFixed(2)} GFLOPS` : ''}`,
    );
    return row;
  };

  // Matmul 512³, every transpose combination, public API + dataSync, webgl vs cpu.
  const n = cfg.quick ? 256 : 512;
  const A = seededUniform(n * n, 11);
  const B = seededUniform(n * n, 12);
  for (const [transposeA, transposeB] of [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const) {
    const c = `matmul ${n}³ ${transposeA ? 'Aᵀ' : 'A'}·${transposeB ? 'Bᵀ' : 'B'}`;
    const byImpl: Partial<Record<Row['impl'], Row>> = {};
    const values: Float32Array[] = [];
    for (const backend of ['webgl', 'cpu'] as const) {
      const a = tensor(A, { shape: [n, n], backend });
      const b = tensor(B, { shape: [n, n], backend });
      const first = matmul(a, b, { transposeA, transposeB });
      values.push(first.dataSync() as Float32Array);
      first.dispose();
      byImpl[backend === 'webgl' ? 'polygrad-webgl' : 'polygrad-cpu'] = record(
        c,
        backend === 'webgl' ? 'polygrad-webgl' : 'polygrad-cpu',
        'public API + dataSync',
        () => {
          const y = matmul(a, b, { transposeA, transposeB });
          y.dataSync();
          y.dispose();
        },
        2 * n * n * n,
      );
      a.dispose();
      b.dispose();
    }
    let maxAbs = 0;
    for (let i = 0; i < values[0].length; i++)
      maxAbs = Math.max(maxAbs, Math.abs(values[0][i] - values[1][i]));
    checks[`webgl ${c}: max |webgl − cpu|`] = maxAbs;
    const w = byImpl['polygrad-webgl'];
    const cpu = byImpl['polygrad-cpu'];
    if (w && cpu) ratios.push(ratio('webgl', c, w, cpu));
  }

  // The MLP step of suite (c), on webgl and on cpu.
  const [BATCH, IN, HIDDEN, OUT] = [128, 784, 256, 10];
  const X = seededUniform(BATCH * IN, 31);
  const labels = Int32Array.from({ length: BATCH }, (_, i) => i % OUT);
  const W1 = seededUniform(HIDDEN * IN, 33, Math.sqrt(6 / (IN + HIDDEN)));
  const W2 = seededUniform(OUT * HIDDEN, 34, Math.sqrt(6 / (HIDDEN + OUT)));
  const mlpCase = `MLP ${IN}→${HIDDEN}→${OUT}, batch ${BATCH}, SGD`;
  const mlpRows: Row[] = [];
  for (const backend of ['webgl', 'cpu'] as const) {
    const x = tensor(X, { shape: [BATCH, IN], backend });
    const y = tensor(labels, { backend });
    const params: Tensor[] = [
      tensor(W1, { shape: [HIDDEN, IN], backend }),
      tensor(new Float32Array(HIDDEN), { backend }),
      tensor(W2, { shape: [OUT, HIDDEN], backend }),
      tensor(new Float32Array(OUT), { backend }),
    ].map((p) => p.requiresGrad_());
    const [w1, b1, w2, b2] = params;
    const step = (): number =>
      tidy(() => {
        const loss = softmaxCrossEntropy(linear(relu(linear(x, w1, b1)), w2, b2), y).mean();
        loss.backward();
        for (const p of params) {
          sgdUpdate(p, p.grad!, null, { lr: 0.05 });
          p.zeroGrad();
        }
        return loss.itemSync();
      });
    checks[`webgl: MLP step-1 loss on ${backend}`] = step();
    const before = backend === 'webgl' ? gl.stats().compiles : 0;
    const impl = backend === 'webgl' ? 'polygrad-webgl' : 'polygrad-cpu';
    mlpRows.push(record(mlpCase, impl, 'core ops in tidy, loss read back', () => step()));
    if (backend === 'webgl')
      checks['webgl: kernels compiled during timed MLP steps'] = gl.stats().compiles - before;
    for (const t of [x, y, ...params]) t.dispose();
  }
  ratios.push(ratio('webgl', mlpCase, mlpRows[0], mlpRows[1]));

  // Five elementwise ops on 2^20 values: kept on the GPU (one readback) vs read back + re-uploaded after each.
  const size = cfg.quick ? 2 ** 18 : 2 ** 20;
  const V = seededUniform(size, 41);
  const chainCase = `5 elementwise ops on ${size} values`;
  const x0 = tensor(V, { backend: 'webgl' });
  const ops: ((t: Tensor) => Tensor)[] = [
    (t) => mul(t, t),
    (t) => add(t, 1),
    (t) => sqrt(t),
    (t) => tanh(t),
    (t) => mul(t, 3),
  ];
  const onGpu = record(chainCase, 'polygrad-webgl', 'chain on the GPU, one readback', () =>
    tidy(() => {
      let t = x0;
      for (const op of ops) t = op(t);
      t.dataSync();
    }),
  );
  const roundTrip = record(chainCase, 'polygrad-webgl', 'readback + upload after every op', () =>
    tidy(() => {
      let t = x0;
      for (const op of ops) t = tensor(op(t).dataSync() as Float32Array, { backend: 'webgl' });
    }),
  );
  ratios.push(ratio('webgl', chainCase, onGpu, roundTrip));
  x0.dispose();

  // Compile time: a kernel for a shape not seen before (Mesa's disk shader cache may make it warm).
  const compilesBefore = gl.stats();
  const m = 97;
  const fresh = tensor(seededUniform(m * 89, 51), { shape: [m, 89], backend: 'webgl' });
  const t0 = performance.now();
  const r = tanh(fresh);
  r.dataSync();
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  const r2 = tanh(fresh);
  r2.dataSync();
  const againMs = performance.now() - t1;
  const after = gl.stats();
  checks['webgl: first call of a new kernel (compile + run + readback), ms'] = firstMs;
  checks['webgl: same call again (cached), ms'] = againMs;
  checks['webgl: kernels compiled by that first call'] = after.compiles - compilesBefore.compiles;
  checks['webgl: mean compile time over this run, ms'] = after.compileMs / after.compiles;
  checks['webgl: kernels compiled over this run'] = after.compiles;
  for (const t of [fresh, r, r2]) t.dispose();
  checks['webgl: Polygrad tensors leaked'] = memory().tensors - tensorsBefore;
  return { rows, ratios, checks };
}
