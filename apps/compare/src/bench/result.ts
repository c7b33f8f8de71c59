/**
 * The browser benchmark's result file: the speed set timed in one Chromium page on
 * Polygrad's webgl, cpu and wasm backends and TF.js's webgl, wasm and cpu backends,
 * judged against issue #8's targets (Polygrad webgl ≥ TF.js webgl on the same GL, in
 * the same page). Pure: builds the JSON and the Markdown from a page report.
 */
import type { WorkloadInfo } from '@polygrad/benchmarks/workloads';
import type { CompareReport, SpeedEntry } from '../run/model.js';
import { speedSet } from '../run/speed.js';
import { speedup } from '../run/summary.js';

export const BROWSER_BENCH_KIND = 'polygrad-browser-bench';

/** The Polygrad backends and TF.js peers the benchmark runs (all must be available). */
export const BENCH_BACKENDS = ['webgl', 'cpu', 'wasm'] as const;
export const BENCH_PEERS = ['peer:tfjs-webgl', 'peer:tfjs-wasm', 'peer:tfjs-cpu'] as const;
/** What the targets compare: Polygrad's webgl against TF.js's webgl. */
export const SUBJECT = 'webgl';
export const BASELINE = 'peer:tfjs-webgl';

/** Workloads the issue #8 targets are judged on: matmul 512³ in every transpose combination, the MLP step. */
export const TARGET_WORKLOADS = [
  'matmul-512',
  'matmul-512-bt',
  'matmul-512-at',
  'matmul-512-atbt',
  'mlp-step-784-256-10',
] as const;

/** What the Node side knows about where the page ran. */
export interface BenchMeta {
  readonly command: string;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly os: string;
    /** File-name label, e.g. `amd-epyc-2c`. */
    readonly slug: string;
    /** 1, 5 and 15 minute load averages just before and just after the run. */
    readonly loadBefore: readonly number[];
    readonly loadAfter: readonly number[];
  };
  readonly browser: {
    readonly version: string;
    readonly userAgent: string;
    readonly flags: readonly string[];
  };
  readonly node: string;
  readonly commit: string;
  readonly dirty: boolean | null;
}

export interface VersusRow {
  readonly workload: string;
  readonly label: string;
  readonly baselineMs: number | null;
  /** Per implementation: median, GFLOPS (matmul) and speedup = time(TF.js webgl) / time(impl). */
  readonly impls: readonly {
    readonly impl: string;
    readonly medianMs: number | null;
    readonly gflops: number | null;
    readonly speedup: number | null;
  }[];
}

export interface BenchTarget {
  readonly workload: string;
  readonly label: string;
  readonly goal: string;
  readonly subjectMs: number | null;
  readonly baselineMs: number | null;
  readonly subjectGflops: number | null;
  readonly baselineGflops: number | null;
  /** time(TF.js webgl) / time(Polygrad webgl): ≥ 1 meets the target. */
  readonly speedup: number | null;
  /** null: not run (or failed) on one side. */
  readonly met: boolean | null;
}

export interface CompileRow {
  readonly workload: string;
  readonly label: string;
  readonly impl: string;
  /** First call (compile + run + readback), before any warm-up. */
  readonly firstMs: number;
  /** Steady state: the median of the timed samples. */
  readonly medianMs: number;
  /** firstMs − medianMs: what the first use costs over a warm call (mostly shader compiles). */
  readonly firstCallOverheadMs: number;
  readonly compiles: SpeedEntry['compiles'];
}

export interface BrowserBenchResult {
  readonly kind: typeof BROWSER_BENCH_KIND;
  readonly schema: 1;
  readonly date: string;
  /** One line for the results index. */
  readonly summary: string;
  readonly meta: BenchMeta;
  readonly page: {
    readonly runtime: string;
    readonly cores: number | null;
    readonly crossOriginIsolated: boolean | null;
  };
  readonly gl: {
    /** Polygrad webgl's deviceInfo() in the page. */
    readonly polygradWebgl: Readonly<Record<string, unknown>> | null;
    /** TF.js webgl's context in the same page. */
    readonly tfjsWebgl: Readonly<Record<string, string | number | boolean>> | null;
  };
  readonly versions: {
    readonly polygrad: Readonly<Record<string, string>>;
    readonly tfjs: Readonly<Record<string, string>>;
  };
  readonly settings: {
    readonly quick: boolean;
    readonly backends: readonly string[];
    readonly peers: readonly string[];
    readonly budget: NonNullable<CompareReport['speed']>['budget'];
  };
  readonly workloads: readonly WorkloadInfo[];
  readonly entries: readonly SpeedEntry[];
  readonly versusTfjsWebgl: readonly VersusRow[];
  readonly targets: readonly BenchTarget[];
  readonly compile: readonly CompileRow[];
  /** The machine had other work before the run started (1-minute load ≥ 1). */
  readonly loaded: boolean;
  readonly durationS: number;
}

function entryOf(entries: readonly SpeedEntry[], workload: string, impl: string): SpeedEntry | undefined {
  return entries.find((e) => e.workload === workload && e.impl === impl);
}

const ok = (e: SpeedEntry | undefined): e is SpeedEntry => !!e && e.error === null && e.medianMs > 0;

/** Build the result file's content from the page's report and what Node knows. */
export function browserBenchResult(report: CompareReport, meta: BenchMeta): BrowserBenchResult {
  const speed = report.speed;
  if (!speed) throw new Error('browser bench: the page report has no speed section');
  const entries = speed.entries;
  const impls = [...new Set(entries.map((e) => e.impl))];
  const labelOf = (id: string): string =>
    (speed.workloads.find((w) => w.id === id) ?? speedSet(false).find((w) => w.id === id))?.label ?? id;
  const ran = (id: string): boolean => speed.workloads.some((w) => w.id === id);

  const versusTfjsWebgl: VersusRow[] = TARGET_WORKLOADS.filter(ran).map((id) => {
    const base = entryOf(entries, id, BASELINE);
    return {
      workload: id,
      label: labelOf(id),
      baselineMs: ok(base) ? base.medianMs : null,
      impls: impls
        .filter((i) => i !== BASELINE)
        .map((impl) => {
          const e = entryOf(entries, id, impl);
          return {
            impl,
            medianMs: ok(e) ? e.medianMs : null,
            gflops: ok(e) ? e.gflops : null,
            speedup: speedup(e, base),
          };
        }),
    };
  });

  const targets: BenchTarget[] = TARGET_WORKLOADS.map((id) => {
    const s = entryOf(entries, id, SUBJECT);
    const b = entryOf(entries, id, BASELINE);
    const r = ran(id) ? speedup(s, b) : null;
    return {
      workload: id,
      label: labelOf(id),
      goal: 'Polygrad webgl ≥ TF.js webgl (same page)',
      subjectMs: ok(s) ? s.medianMs : null,
      baselineMs: ok(b) ? b.medianMs : null,
      subjectGflops: ok(s) ? s.gflops : null,
      baselineGflops: ok(b) ? b.gflops : null,
      speedup: r,
      met: r === null ? null : r >= 1,
    };
  });

  const compile: CompileRow[] = entries
    .filter((e) => (e.impl === SUBJECT || e.impl === BASELINE) && ok(e) && Number.isFinite(e.firstMs))
    .map((e) => ({
      workload: e.workload,
      label: labelOf(e.workload),
      impl: e.impl,
      firstMs: e.firstMs,
      medianMs: e.medianMs,
      firstCallOverheadMs: e.firstMs - e.medianMs,
      compiles: e.compiles,
    }));

  const polygradWebgl = report.backends.find((b) => b.name === SUBJECT)?.device ?? null;
  const tfjsWebglPeer = report.peers.find((p) => p.name === BASELINE);
  const met = targets.filter((t) => t.met === true).length;
  const judged = targets.filter((t) => t.met !== null).length;
  const mm = targets.find((t) => t.workload === 'matmul-512');
  const mlp = targets.find((t) => t.workload === 'mlp-step-784-256-10');
  const fmt = (x: number | null, d = 2): string => (x === null ? '–' : x.toFixed(d));
  const loaded = meta.machine.loadBefore[0] >= 1;
  const summary =
    `Chromium ${meta.browser.version}, ${String(tfjsWebglPeer?.details.renderer ?? 'unknown GL')}: ` +
    `issue #8 targets met ${met}/${judged}; matmul 512 A·B ${fmt(mm?.subjectGflops ?? null)} vs ${fmt(mm?.baselineGflops ?? null)} GFLOPS, ` +
    `MLP step ${fmt(mlp?.subjectMs ?? null, 1)} vs ${fmt(mlp?.baselineMs ?? null, 1)} ms (Polygrad webgl vs TF.js webgl)` +
    (loaded ? '; machine loaded by other jobs' : '');

  const versions: Record<string, string> = {};
  for (const p of report.packages) versions[p.name] = p.version;
  // A peer's `version` is tfjs-core's; its backend package's version is in its details.
  const tfjs: Record<string, string> = {};
  if (report.peers.length) tfjs['tfjs-core'] = report.peers[0].version;
  for (const p of report.peers)
    tfjs[`tfjs-backend-${p.name.replace(/^peer:tfjs-/, '')}`] =
      typeof p.details.version === 'string' ? p.details.version : p.version;
  return {
    kind: BROWSER_BENCH_KIND,
    schema: 1,
    date: report.date,
    summary,
    meta,
    page: {
      runtime: report.environment.runtime,
      cores: report.environment.cores,
      crossOriginIsolated: report.environment.crossOriginIsolated,
    },
    gl: { polygradWebgl, tfjsWebgl: tfjsWebglPeer?.details ?? null },
    versions: { polygrad: versions, tfjs },
    settings: {
      quick: report.settings.quick,
      backends: report.backends.filter((b) => b.selected).map((b) => b.name),
      peers: report.peers.filter((p) => p.selected).map((p) => p.name),
      budget: speed.budget,
    },
    workloads: speed.workloads,
    entries,
    versusTfjsWebgl,
    targets,
    compile,
    loaded,
    durationS: report.durationS,
  };
}

// ---------------------------------------------------------------------------- Markdown

const num = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
const ms = (x: number | null | undefined): string => {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  return a < 0.1 && a > 0 ? `${(x * 1000).toFixed(2)} µs` : `${x.toFixed(a < 10 ? 3 : a < 100 ? 2 : 1)} ms`;
};
const ratio = (x: number | null): string => (x === null ? '–' : `${x.toFixed(2)}×`);
const cell = (s: string): string => s.replace(/\|/g, '\\|');

function implLabel(impl: string): string {
  return impl.startsWith('peer:') ? `TF.js ${impl.replace(/^peer:tfjs-/, '')}` : `Polygrad ${impl}`;
}

export function browserBenchMarkdown(r: BrowserBenchResult): string {
  const m = r.meta;
  const day = r.date.slice(0, 10);
  const gl = r.gl.tfjsWebgl;
  const pg = r.gl.polygradWebgl;
  const impls = [...new Set(r.entries.map((e) => e.impl))];
  const s: string[] = [];
  s.push(`# Polygrad in Chromium, same page as TF.js — ${day}, ${m.machine.cpu} (${m.machine.cores} cores)`);
  s.push('');
  s.push(
    `Generated by \`${m.command}\` (\`apps/compare/src/bench/\`): the compare page built with Vite, served with COOP/COEP on localhost, opened in headless Chromium; the speed set ran once in that page on every implementation below, so all of them share the browser, the GL (one SwiftShader device) and the machine's load.`,
  );
  s.push('');
  s.push('| What | Value |');
  s.push('| --- | --- |');
  s.push(`| Date | ${r.date} |`);
  s.push(
    `| Machine | ${m.machine.cpu}, ${m.machine.cores} cores, ${m.machine.memoryGiB} GiB, ${m.machine.os} |`,
  );
  s.push(
    `| Load average (1/5/15 min) | before ${m.machine.loadBefore.map((x) => x.toFixed(2)).join(' / ')}, after ${m.machine.loadAfter.map((x) => x.toFixed(2)).join(' / ')}${r.loaded ? ' — **other jobs were running: read the ratios, not the absolutes**' : ''} |`,
  );
  s.push(
    `| Chromium | ${m.browser.version} (${cell(r.page.runtime)}), flags \`${m.browser.flags.join(' ')}\` |`,
  );
  s.push(
    `| Page | cross-origin isolated: ${r.page.crossOriginIsolated ? 'yes' : 'no'}, hardwareConcurrency ${r.page.cores ?? '?'} |`,
  );
  if (gl)
    s.push(
      `| GL (TF.js webgl) | ${cell(String(gl.renderer))}; ${cell(String(gl.glVersion))}, ${cell(String(gl.glslVersion))}; vendor ${cell(String(gl.vendor))}; max texture ${gl.maxTextureSize}; float32 textures ${gl.float32Textures}; packed ${gl.packed} |`,
    );
  if (pg)
    s.push(
      `| GL (Polygrad webgl) | ${cell(String(pg.renderer))}; ${cell(String(pg.glVersion))}, ${cell(String(pg.glslVersion))}; ${cell(String(pg.kernelClass))} (${cell(String(pg.mode))}); max texture ${pg.maxTextureSize} |`,
    );
  s.push(
    `| Polygrad | commit ${m.commit}${m.dirty ? ' (+ uncommitted changes)' : ''}; ${Object.entries(
      r.versions.polygrad,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} |`,
  );
  s.push(
    `| TF.js | ${Object.entries(r.versions.tfjs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; default flags |`,
  );
  s.push(
    `| Sampling | ${r.settings.quick ? 'quick set' : 'full speed set'}; per case: first call (checked against the reference), ${r.settings.budget.warmup} warm-up, then ≥ ${r.settings.budget.minSamples} samples, capped at ${r.settings.budget.maxTimeMs} ms; medians; ${r.durationS.toFixed(0)} s in all |`,
  );
  s.push(`| Node (the driver only) | ${m.node} |`);
  s.push('');
  s.push(
    '**Speedup** = time(TF.js webgl) ÷ time(implementation), medians: above 1× the implementation is faster than TF.js webgl in the same page.',
  );
  s.push('');

  s.push('## Issue #8 targets: Polygrad webgl against TF.js webgl, same page');
  s.push('');
  s.push(
    '| Workload | Goal | Polygrad webgl | TF.js webgl | Polygrad webgl GFLOPS | TF.js webgl GFLOPS | Speedup | Met |',
  );
  s.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const t of r.targets)
    s.push(
      `| ${t.label} | ${t.goal} | ${ms(t.subjectMs)} | ${ms(t.baselineMs)} | ${num(t.subjectGflops)} | ${num(t.baselineGflops)} | ${ratio(t.speedup)} | ${t.met === null ? 'not run' : t.met ? 'yes' : 'no'} |`,
    );
  s.push('');

  s.push('## Every implementation against TF.js webgl');
  s.push('');
  const others = impls.filter((i) => i !== BASELINE);
  s.push(`| Workload | TF.js webgl | ${others.map(implLabel).join(' | ')} |`);
  s.push(`| --- | ---: | ${others.map(() => '---:').join(' | ')} |`);
  for (const v of r.versusTfjsWebgl) {
    const isMatmul = r.workloads.find((w) => w.id === v.workload)?.suite === 'matmul';
    const base = r.entries.find((e) => e.workload === v.workload && e.impl === BASELINE);
    const fig = (medianMs: number | null, gflops: number | null): string =>
      isMatmul ? `${num(gflops)} GFLOPS` : ms(medianMs);
    s.push(
      `| ${v.label} | ${base && base.error === null ? fig(base.medianMs, base.gflops) : '–'} | ${v.impls
        .map((i) => `${fig(i.medianMs, i.gflops)} (${ratio(i.speedup)})`)
        .join(' | ')} |`,
    );
  }
  s.push('');

  s.push('## All medians');
  s.push('');
  s.push(`| Workload | ${impls.map(implLabel).join(' | ')} |`);
  s.push(`| --- | ${impls.map(() => '---:').join(' | ')} |`);
  for (const w of r.workloads) {
    const cells = impls.map((impl) => {
      const e = r.entries.find((x) => x.workload === w.id && x.impl === impl);
      if (!e) return '–';
      if (e.error) return `error: ${cell(e.error)}`;
      return `${ms(e.medianMs)}${e.gflops !== null ? ` · ${num(e.gflops)} GFLOPS` : ''} (n=${e.samples}${e.inner > 1 ? `×${e.inner}` : ''})`;
    });
    s.push(`| ${w.label} | ${cells.join(' | ')} |`);
  }
  s.push('');

  s.push('## Kernel compile time: first call against steady state');
  s.push('');
  s.push(
    'The first call of each workload, before any warm-up, compiles its shaders (Polygrad: one gpu.js kernel per op and shape, cached for the page; TF.js: its own program cache), runs and reads back. Polygrad webgl also counts the kernels it compiled and the time spent compiling them; a compile in the timed samples would show in the last column (it must be 0).',
  );
  s.push('');
  s.push(
    '| Workload | Implementation | First call | Steady state (median) | First − steady | Kernels compiled (first call) | Compile ms (first call) | Compiled while timed |',
  );
  s.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of r.compile)
    s.push(
      `| ${c.label} | ${implLabel(c.impl)} | ${ms(c.firstMs)} | ${ms(c.medianMs)} | ${ms(c.firstCallOverheadMs)} | ${c.compiles ? c.compiles.firstCall : '–'} | ${c.compiles ? num(c.compiles.firstCallMs, 1) : '–'} | ${c.compiles ? c.compiles.timed : '–'} |`,
    );
  s.push('');

  s.push('## Checks');
  s.push('');
  s.push(
    'Each implementation read back the same seeded inputs; the largest |difference| against the reference implementation (the first one run) and the tensors left alive after the workload was disposed (must be 0).',
  );
  s.push('');
  s.push('| Workload | Implementation | Reference | max abs diff | Leaked tensors |');
  s.push('| --- | --- | --- | ---: | ---: |');
  for (const e of r.entries)
    s.push(
      `| ${r.workloads.find((w) => w.id === e.workload)?.label ?? e.workload} | ${implLabel(e.impl)} | ${e.reference ? implLabel(e.reference) : '(reference)'} | ${e.maxAbsDiff === null ? '–' : e.maxAbsDiff.toExponential(2)} | ${e.leakedTensors} |`,
    );
  s.push('');
  return s.join('\n');
}
