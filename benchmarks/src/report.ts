/** Result files: machine-readable JSON, a Markdown summary, and the results/README.md index. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Environment } from './env.js';
import type { Peers } from './peers.js';
import type { PolygradStatus } from './polygrad-backends.js';
import type { Ratio, Row } from './types.js';

export interface Target {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

export interface BenchResult {
  readonly schema: 1;
  readonly env: Environment;
  /** The Polygrad backends of the run (absent in files written before the wasm backend). */
  readonly polygrad?: readonly PolygradStatus[];
  readonly tfjs: {
    readonly versions: Peers['versions'];
    readonly backends: Peers['status'];
    readonly flags: string;
  };
  readonly settings: {
    readonly quick: boolean;
    readonly command: string;
    readonly exposeGc: boolean;
    readonly durationS: number;
  };
  readonly rows: readonly Row[];
  readonly ratios: readonly Ratio[];
  readonly checks: Readonly<Record<string, number | string | boolean>>;
  readonly targets: readonly Target[];
}

const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const us = (ms: number): string => f(ms * 1000, 3);
const find = (
  rows: readonly Row[],
  suite: Row['suite'],
  c: string,
  impl: Row['impl'],
  pathStart: string,
): Row | undefined =>
  rows.find((r) => r.suite === suite && r.case === c && r.impl === impl && r.path.startsWith(pathStart));

/** The issue #2 targets, judged from this run's numbers. */
export function judgeTargets(rows: readonly Row[]): Target[] {
  const out: Target[] = [];
  const p512 = find(rows, 'matmul', '512 A·B', 'polygrad-cpu', 'public API + dataSync');
  const k512 = find(rows, 'matmul', '512 A·B', 'polygrad-cpu', 'raw kernel');
  const t512 = find(rows, 'matmul', '512 A·B', 'tfjs-cpu', 'tf.matMul');
  out.push({
    name: 'matmul 512 (A·B), single-threaded, public API + dataSync',
    target: '≥ 3 GFLOPS',
    measured: p512
      ? `${f(p512.gflops!.median)} GFLOPS median (best ${f(p512.gflops!.best)}; raw kernel ${k512 ? f(k512.gflops!.median) : '?'})`
      : 'not run',
    met: p512 ? p512.gflops!.median >= 3 : null,
  });
  out.push({
    name: 'matmul 512 (A·B) vs TF.js cpu',
    target: '≈ 5× faster (judged as ≥ 5×)',
    measured:
      p512 && t512
        ? `${f(t512.medianMs / p512.medianMs)}× (${f(p512.medianMs)} ms vs ${f(t512.medianMs)} ms)`
        : 'not run',
    met: p512 && t512 ? t512.medianMs / p512.medianMs >= 5 : null,
  });
  const add = find(rows, 'small-op', 'add 16 float32', 'polygrad-cpu', 'add + dispose');
  const addTf = find(rows, 'small-op', 'add 16 float32', 'tfjs-cpu', 'tf.add + dispose');
  out.push({
    name: 'small-op overhead: add of two 16-element float32 tensors + dispose',
    target: '≤ 1 µs per op (TF.js cpu ≈ 10 µs)',
    measured: add
      ? `${us(add.medianMs)} µs median (best ${us(add.minMs)}); TF.js cpu ${addTf ? `${us(addTf.medianMs)} µs` : 'not run'}`
      : 'not run',
    met: add ? add.medianMs * 1000 <= 1 : null,
  });
  out.push(...judgeWasmTargets(rows));
  return out;
}

/** A ratio target: time(slow) ÷ time(fast) ≥ goal, or n/a when a row is missing. */
function ratioTarget(
  name: string,
  target: string,
  goal: number,
  fast: Row | undefined,
  slow: Row | undefined,
): Target {
  if (!fast || !slow) return { name, target, measured: 'not run', met: null };
  const r = slow.medianMs / fast.medianMs;
  return {
    name,
    target,
    measured: `${f(r)}× (${f(fast.medianMs, 3)} ms vs ${f(slow.medianMs, 3)} ms; best-of ${f(slow.minMs / fast.minMs)}×)`,
    met: r >= goal,
  };
}

/** The issue #7 targets for the wasm backend (public API + dataSync against tf.matMul + dataSync). */
export function judgeWasmTargets(rows: readonly Row[]): Target[] {
  const out: Target[] = [];
  const mm = (n: number, layout: string, impl: Row['impl']) =>
    find(
      rows,
      'matmul',
      `${n} ${layout}`,
      impl,
      impl.startsWith('tfjs') ? 'tf.matMul' : 'public API + dataSync',
    );
  for (const n of [512, 1024]) {
    const tfw = mm(n, 'A·B', 'tfjs-wasm');
    out.push(
      ratioTarget(
        `wasm matmul ${n} A·B, 1 thread, vs TF.js wasm`,
        '≥ 0.9×',
        0.9,
        mm(n, 'A·B', 'polygrad-wasm-1t'),
        tfw,
      ),
    );
    out.push(
      ratioTarget(
        `wasm matmul ${n} A·B, default threads, vs TF.js wasm`,
        '≥ 1.7×',
        1.7,
        mm(n, 'A·B', 'polygrad-wasm'),
        tfw,
      ),
    );
    for (const impl of ['polygrad-wasm-1t', 'polygrad-wasm'] as const) {
      const ab = mm(n, 'A·B', impl);
      for (const layout of ['A·Bᵀ', 'Aᵀ·B']) {
        // within 15% of A·B: time(A·B) / time(transposed) >= 0.85
        out.push(
          ratioTarget(
            `wasm matmul ${n} ${layout} vs A·B (${impl})`,
            'within 15% (≥ 0.85×)',
            0.85,
            mm(n, layout, impl),
            ab,
          ),
        );
      }
    }
  }
  out.push(
    ratioTarget(
      'wasm matmul 512 A·Bᵀ, 1 thread, vs TF.js wasm',
      '≥ 10×',
      10,
      mm(512, 'A·Bᵀ', 'polygrad-wasm-1t'),
      mm(512, 'A·Bᵀ', 'tfjs-wasm'),
    ),
  );
  const step = (impl: Row['impl']) => rows.find((r) => r.suite === 'mlp-step' && r.impl === impl);
  out.push(
    ratioTarget('wasm MLP training step vs TF.js wasm', '≥ 5×', 5, step('polygrad-wasm'), step('tfjs-wasm')),
  );
  out.push(
    ratioTarget(
      'wasm MLP training step vs Polygrad cpu',
      '≥ 2.5×',
      2.5,
      step('polygrad-wasm'),
      step('polygrad-cpu'),
    ),
  );
  const add = find(rows, 'small-op', 'add 16 float32', 'polygrad-wasm', 'add + dispose');
  out.push({
    name: 'wasm small-op overhead: add of two 16-element float32 tensors + dispose',
    target: '≤ 1 µs per op',
    measured: add ? `${us(add.medianMs)} µs median (best ${us(add.minMs)})` : 'not run',
    met: add ? add.medianMs * 1000 <= 1 : null,
  });
  return out;
}

function table(header: string[], body: string[][]): string {
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((h) => (/^[A-Za-z(]/.test(h) && !/(ms|µs|GFLOPS|samples|×)/.test(h) ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const r of body) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

export function markdown(r: BenchResult): string {
  const e = r.env;
  const rows = r.rows;
  const s: string[] = [];
  s.push(`# Polygrad benchmark run — ${e.date.slice(0, 10)}, ${e.machine.cpu} (${e.machine.cores} cores)`);
  s.push('');
  s.push(
    'Generated by `pnpm bench` (`benchmarks/src/main.ts`); every number below is from this one run, Polygrad and TF.js in the same Node process.',
  );
  s.push('');
  s.push(
    table(
      ['What', 'Value'],
      [
        ['Date', e.date],
        [
          'Machine',
          `${e.machine.cpu}, ${e.machine.cores} cores, ${e.machine.memoryGiB} GiB, ${e.machine.os} ${e.machine.arch}`,
        ],
        ['Node', `${e.node} (V8 ${e.v8})`],
        ['Polygrad commit', `${e.polygrad.commit}${e.polygrad.dirty ? ' + uncommitted changes' : ''}`],
        [
          'TF.js',
          Object.entries(r.tfjs.versions)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        ],
        ...r.tfjs.backends.map((b) => [
          `TF.js ${b.name.slice(5)}`,
          b.available
            ? `available; ${Object.entries(b.details)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}`
            : `**unavailable**: ${b.reason}`,
        ]),
        ['TF.js flags', r.tfjs.flags],
        [
          'Polygrad cpu',
          `${Object.entries(e.polygrad.cpuDevice)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}; float32 matmul accumulates in float64`,
        ],
        ...(r.polygrad ?? [])
          .filter((p) => p.impl !== 'polygrad-cpu')
          .map((p) => [
            `Polygrad ${p.impl.slice(9)} ('${p.backend}')`,
            p.available
              ? Object.entries(p.device ?? {})
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')
              : `**unavailable**: ${p.reason}`,
          ]),
        [
          'Run',
          `${r.settings.command}${r.settings.quick ? ' (QUICK mode: fewer sizes/samples)' : ''}, --expose-gc ${r.settings.exposeGc ? 'on' : 'off'}, ${f(r.settings.durationS, 1)} s`,
        ],
      ],
    ),
  );
  s.push('');
  s.push(
    '**Speedup** = time(other) ÷ time(Polygrad), medians: above 1 Polygrad is faster by that factor; below 1 the other is faster (by 1 ÷ speedup).',
  );
  s.push('');
  s.push('## Targets (issue #2: cpu; issue #7: wasm)');
  s.push('');
  s.push(
    table(
      ['Target', 'Goal', 'Measured', 'Met'],
      r.targets.map((t) => [t.name, t.target, t.measured, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**']),
    ),
  );
  s.push('');

  const section = (suite: Row['suite'], title: string, intro: string, cols: 'matmul' | 'us' | 'ms'): void => {
    const rs = rows.filter((x) => x.suite === suite);
    if (rs.length === 0) return;
    s.push(`## ${title}`);
    s.push('');
    s.push(intro);
    s.push('');
    if (cols === 'matmul') {
      s.push(
        table(
          [
            'Case',
            'Implementation (path)',
            'median ms',
            'min ms',
            'GFLOPS (median)',
            'GFLOPS (best)',
            'samples',
          ],
          rs.map((x) => [
            x.case,
            `${x.impl} (${x.path})`,
            f(x.medianMs, 3),
            f(x.minMs, 3),
            f(x.gflops!.median),
            f(x.gflops!.best),
            String(x.samples),
          ]),
        ),
      );
    } else if (cols === 'us') {
      s.push(
        table(
          ['Case', 'Implementation (path)', 'median µs/op', 'min µs/op', 'ops timed'],
          rs.map((x) => [
            x.case,
            `${x.impl} (${x.path})`,
            us(x.medianMs),
            us(x.minMs),
            String(x.samples * x.inner),
          ]),
        ),
      );
    } else {
      s.push(
        table(
          ['Case', 'Implementation (path)', 'median ms/step', 'min ms/step', 'steps timed'],
          rs.map((x) => [x.case, `${x.impl} (${x.path})`, f(x.medianMs), f(x.minMs), String(x.samples)]),
        ),
      );
    }
    const rt = r.ratios.filter((x) => x.suite === suite);
    if (rt.length > 0) {
      s.push('');
      s.push(
        table(
          ['Case', 'Polygrad', 'vs', 'Speedup ×'],
          rt.map((x) => [x.case, x.polygrad, x.other, f(x.speedup)]),
        ),
      );
    }
    s.push('');
  };
  section(
    'matmul',
    '(a) matmul, square float32',
    'GFLOPS = 2n³ / time. "public API + dataSync": `matmul(a, b)` on existing tensors, read back, dispose. "raw kernel": `backend.kernels.matmul(...)` + free, no core. TF.js: `tf.matMul` + `dataSync` + dispose. Bᵀ is a flag (`transposeB`), never materialised.',
    'matmul',
  );
  section(
    'small-op',
    '(b) small-op dispatch overhead',
    'Adding two 16-element float32 tensors through the public op, output tensor created and freed each time; the arithmetic is negligible, so this is the per-op cost of the library.',
    'us',
  );
  section(
    'mlp-step',
    '(c) one MLP training step',
    '784 → 256 (relu) → 10, batch 128, float32, mean softmax cross-entropy, backward, plain SGD on all four parameters, loss read back. Identical initial weights and data for every implementation.',
    'ms',
  );
  section(
    'tfjs-adapter-op',
    '(d) @polygrad/backend-tfjs: adapter overhead per op',
    "The same op through Polygrad on TF.js's kernels (`polygrad-tfjs-*`, `setBackend('tfjs-wasm')`) and on TF.js directly, same TF.js backend. Both run the same TF.js kernel; the difference is Polygrad's core plus the adapter. Speedup below 1 = the adapter's cost.",
    'us',
  );
  section(
    'tfjs-adapter-step',
    '(d) @polygrad/backend-tfjs: adapter overhead per training step',
    "The MLP step of (c): Polygrad's autograd and fused kernels on the adapter vs TF.js's `optimizer.minimize`, on the same TF.js backend.",
    'ms',
  );
  section(
    'webgl',
    '(e) WebGL backend in Node (gpu.js on headless-gl, software GL)',
    'Each case on `webgl` and on `cpu` in the same run (TF.js webgl needs a browser). The elementwise chain compares keeping tensors on the GPU (one readback at the end) with reading back and re-uploading after every op.',
    'ms',
  );
  s.push('## Checks');
  s.push('');
  s.push(
    table(
      ['Check', 'Value'],
      Object.entries(r.checks).map(([k, v]) => [
        k,
        typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toExponential(3)) : String(v),
      ]),
    ),
  );
  s.push('');
  return s.join('\n');
}

/** Rewrite results/README.md: what the files are, then one line per result file (newest first). */
export function writeIndex(dir: string): void {
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .reverse();
  const lines: string[] = [
    '# Benchmark results',
    '',
    "Each run of `pnpm bench` writes `<date>-<machine>.json` (every number, machine-readable) and `<date>-<machine>.md` (the same as tables) here, and regenerates this list. See `../README.md` for what is measured and how to read the ratios. A second run on the same day and machine overwrites that day's files.",
    '',
    '| Run | Machine | Node | Polygrad commit | matmul 512 GFLOPS (Polygrad cpu / wasm / TF.js cpu / TF.js wasm) | add-16 µs/op (Polygrad cpu / wasm / TF.js cpu) | MLP step ms (Polygrad cpu / wasm / TF.js cpu / TF.js wasm) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  /** Result files of other harnesses (e.g. apps/compare's browser benchmark), with their own one-line summary. */
  const others: string[] = [];
  for (const name of files) {
    let r: BenchResult;
    try {
      r = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as BenchResult;
    } catch {
      continue;
    }
    if (!Array.isArray(r.rows) || !r.env) {
      const summary = (r as { summary?: unknown }).summary;
      const md = name.replace(/\.json$/, '.md');
      others.push(`- [${md}](${md})${typeof summary === 'string' ? ` — ${summary}` : ''}`);
      continue;
    }
    const g = (impl: Row['impl'], p: string): string => {
      const x = find(r.rows, 'matmul', '512 A·B', impl, p);
      return x ? f(x.gflops!.median) : '–';
    };
    const a = (impl: Row['impl'], p: string): string => {
      const x = find(r.rows, 'small-op', 'add 16 float32', impl, p);
      return x ? us(x.medianMs) : '–';
    };
    const m = (impl: Row['impl']): string => {
      const x = r.rows.find((y) => y.suite === 'mlp-step' && y.impl === impl);
      return x ? f(x.medianMs) : '–';
    };
    const md = name.replace(/\.json$/, '.md');
    lines.push(
      `| [${md}](${md}) | ${r.env.machine.cpu}, ${r.env.machine.cores} cores | ${r.env.node} | ${r.env.polygrad.commit.slice(0, 10)}${r.env.polygrad.dirty ? '+dirty' : ''} | ${g('polygrad-cpu', 'public API + dataSync')} / ${g('polygrad-wasm', 'public API + dataSync')} / ${g('tfjs-cpu', 'tf.matMul')} / ${g('tfjs-wasm', 'tf.matMul')} | ${a('polygrad-cpu', 'add + dispose')} / ${a('polygrad-wasm', 'add + dispose')} / ${a('tfjs-cpu', 'tf.add + dispose')} | ${m('polygrad-cpu')} / ${m('polygrad-wasm')} / ${m('tfjs-cpu')} / ${m('tfjs-wasm')} |`,
    );
  }
  if (others.length > 0)
    lines.push('', 'Other runs (written by other harnesses, same directory):', '', ...others);
  const notes = readdirSync(dir)
    .filter((n) => n.endsWith('.md') && n !== 'README.md' && !files.includes(n.replace(/\.md$/, '.json')))
    .sort()
    .reverse();
  if (notes.length > 0) {
    lines.push('', 'Other notes (profiles, investigations):', '');
    for (const n of notes) lines.push(`- [${n}](${n})`);
  }
  lines.push('');
  writeFileSync(path.join(dir, 'README.md'), lines.join('\n'));
}
