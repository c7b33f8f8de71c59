/**
 * Renders a comparison report into a DOM element: backends, the correctness
 * matrix, GFLOPS and step-time bar charts, the speed and ratio tables, and the
 * MNIST loss curves. Shared by the self-contained HTML report and the page.
 * Chart.js is passed in (the report inlines it, the page imports it).
 */
import type { ChartConfiguration, Chart as ChartJs } from 'chart.js';
import type { CompareReport, SpeedEntry } from '../run/model.js';
import {
  cellText,
  cellVerdict,
  formatFigure,
  formatRatio,
  formatShare,
  formatTime,
  matrixBackends,
  matrixRows,
  ratioRows,
  speedImpls,
} from '../run/summary.js';

export type ChartConstructor = typeof ChartJs;

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
const PEER_PALETTE = ['#6b7280', '#a8a29e', '#78716c', '#9ca3af'];

export const REPORT_CSS = `
.pg-report { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #111827; max-width: 1200px; }
.pg-report h1 { font-size: 22px; margin: 0 0 4px; }
.pg-report h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
.pg-report .meta { color: #4b5563; font-size: 13px; }
.pg-report table { border-collapse: collapse; margin: 6px 0; font-size: 13px; }
.pg-report th, .pg-report td { border: 1px solid #e5e7eb; padding: 3px 8px; text-align: left; vertical-align: top; }
.pg-report th { background: #f9fafb; font-weight: 600; }
.pg-report td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pg-report td.pass { background: #dcfce7; }
.pg-report td.fail { background: #fee2e2; font-weight: 600; }
.pg-report td.declined { background: #fef3c7; }
.pg-report td.empty { background: #f3f4f6; color: #6b7280; }
.pg-report td .share { color: #4b5563; font-size: 11px; margin-left: 6px; }
.pg-report .charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.pg-report .chart { position: relative; height: 300px; border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px; }
.pg-report .chart.wide { height: 360px; grid-column: 1 / -1; }
.pg-report .note { color: #4b5563; font-size: 12px; margin: 4px 0; }
.pg-report .bad { color: #b91c1c; }
.pg-report ul.failures { font: 12px/1.4 ui-monospace, monospace; color: #b91c1c; white-space: pre-wrap; }
`;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function colorOf(report: CompareReport): (impl: string) => string {
  const impls = speedImpls(report);
  const backends = [
    ...new Set([
      ...report.backends.map((b) => b.name),
      ...impls.filter((i) => i.kind === 'polygrad').map((i) => i.name),
    ]),
  ];
  const peers = impls.filter((i) => i.kind === 'tfjs').map((i) => i.name);
  return (impl) => {
    const p = peers.indexOf(impl);
    if (p >= 0) return PEER_PALETTE[p % PEER_PALETTE.length];
    const b = backends.indexOf(impl);
    return PALETTE[Math.max(b, 0) % PALETTE.length];
  };
}

function header(report: CompareReport): HTMLElement {
  const env = report.environment;
  const facts = [
    `${new Date(report.date).toISOString().replace('T', ' ').slice(0, 19)} UTC`,
    report.where === 'browser' ? `in the browser (${env.runtime})` : env.runtime,
    env.cpu ? `${env.cpu}${env.cores ? `, ${env.cores} cores` : ''}` : env.cores ? `${env.cores} cores` : '',
    env.crossOriginIsolated === null
      ? ''
      : `cross-origin isolated: ${env.crossOriginIsolated ? 'yes' : 'no'}`,
    env.commit ? `commit ${env.commit}` : '',
    report.settings.quick ? 'quick run' : 'full run',
    `took ${formatTime(report.durationS * 1000)}`,
  ].filter(Boolean);
  return el(
    'header',
    {},
    el('h1', {}, 'Polygrad — every backend side by side'),
    el('div', { class: 'meta' }, facts.join(' · ')),
  );
}

function backendsSection(report: CompareReport): HTMLElement {
  const rows = report.backends.map((b) =>
    el(
      'tr',
      { 'data-backend': b.name },
      el('td', {}, b.name),
      el(
        'td',
        { class: b.available ? 'pass' : 'empty' },
        b.available ? (b.selected ? 'ran' : 'available') : 'unavailable',
      ),
      el('td', {}, b.package ?? '—'),
      el(
        'td',
        {},
        b.available
          ? `${b.precision} precision · ${Object.entries(b.device ?? {})
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ')}`
          : b.reason,
      ),
    ),
  );
  const peers = report.peers.map((p) =>
    el(
      'tr',
      { 'data-peer': p.name },
      el('td', {}, p.label),
      el(
        'td',
        { class: p.available ? 'pass' : 'empty' },
        p.available ? (p.selected ? 'ran (peer)' : 'available') : 'unavailable',
      ),
      el('td', {}, `TF.js ${p.version}`),
      el(
        'td',
        {},
        p.available
          ? Object.entries(p.details)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ')
          : p.reason,
      ),
    ),
  );
  const failed = report.packages.filter((p) => p.error);
  return el(
    'section',
    { id: 'backends' },
    el('h2', {}, 'Backends'),
    el(
      'table',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'backend'),
        el('th', {}, 'status'),
        el('th', {}, 'package'),
        el('th', {}, 'details / why not'),
      ),
      ...rows,
      ...peers,
    ),
    ...failed.map((p) => el('p', { class: 'note bad' }, `${p.name} could not be imported: ${p.error}`)),
  );
}

function matrixSection(report: CompareReport): HTMLElement | null {
  const c = report.conformance;
  if (!c) return null;
  const backends = matrixBackends(report);
  const head = el('tr', {}, el('th', {}, 'category'), ...backends.map((b) => el('th', {}, b)));
  const rows = matrixRows(report).map((cat) =>
    el(
      'tr',
      { 'data-category': cat },
      el('td', {}, cat === 'all' ? 'all cases' : cat),
      ...backends.map((b) => {
        const cell = c.matrix[cat]?.[b];
        const td = el(
          'td',
          { class: `num ${cellVerdict(cell)}`, 'data-backend': b, 'data-verdict': cellVerdict(cell) },
          cellText(cell),
        );
        if (cell?.worst) {
          td.append(el('span', { class: 'share' }, formatShare(cell.worst.toleranceUsed)));
          td.title = `closest to tolerance: ${cell.worst.case} [${cell.worst.dtype}] max abs error ${cell.worst.maxAbsError.toExponential(2)}, max rel ${cell.worst.maxRelError.toExponential(2)} (atol ${cell.worst.atol.toExponential(2)}, rtol ${cell.worst.rtol.toExponential(2)})`;
        }
        if (cell && cell.declines.length > 0)
          td.title += `\ndeclined: ${cell.declines.map((d) => `${d.case} (${d.reason})`).join('; ')}`;
        return td;
      }),
    ),
  );
  const failures = backends.flatMap((b) =>
    (c.matrix.all?.[b]?.failures ?? []).map((f) => `${b}: ${f.message}`),
  );
  const notRun = c.runs.filter((r) => r.error).map((r) => `${r.backend} ${r.dtype}: not run — ${r.error}`);
  return el(
    'section',
    { id: 'correctness' },
    el('h2', {}, 'Correctness'),
    el(
      'p',
      { class: 'note' },
      `The conformance suite (${c.dtypes.join(' + ')}) on each backend, against float64 references. A cell: cases passed, declined (the backend says it does not do this; core's fallback ran and passed), failed; the small figure is the worst error as a share of its tolerance.`,
    ),
    el('table', { id: 'matrix' }, head, ...rows),
    ...notRun.map((t) => el('p', { class: 'note' }, t)),
    failures.length ? el('ul', { class: 'failures' }, ...failures.map((f) => el('li', {}, f))) : '',
  );
}

function chartBox(id: string, wide = false): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = el('canvas', { id });
  return { box: el('div', { class: wide ? 'chart wide' : 'chart' }, canvas), canvas };
}

interface Pending {
  canvas: HTMLCanvasElement;
  config: ChartConfiguration;
}

function barConfig(
  report: CompareReport,
  title: string,
  axis: string,
  workloads: readonly string[],
  value: (e: SpeedEntry) => number | null,
): ChartConfiguration {
  const s = report.speed!;
  const color = colorOf(report);
  const labels = workloads.map((id) => s.workloads.find((w) => w.id === id)?.label ?? id);
  const datasets = speedImpls(report).map((impl) => ({
    label: impl.label,
    backgroundColor: color(impl.name),
    data: workloads.map((id) => {
      const e = s.entries.find((x) => x.workload === id && x.impl === impl.name);
      return e && !e.error ? value(e) : null;
    }),
  }));
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { title: { display: true, text: title }, legend: { position: 'bottom' } },
      scales: { y: { beginAtZero: true, title: { display: true, text: axis } } },
    },
  };
}

function speedSection(report: CompareReport, pending: Pending[]): HTMLElement | null {
  const s = report.speed;
  if (!s) return null;
  const impls = speedImpls(report);
  const matmul = s.workloads.filter((w) => w.suite === 'matmul').map((w) => w.id);
  const steps = s.workloads
    .filter((w) => w.suite === 'mlp-step' || w.suite === 'softmax-ce')
    .map((w) => w.id);
  const small = s.workloads.filter((w) => w.suite === 'small-op').map((w) => w.id);
  const charts = el('div', { class: 'charts' });
  const add = (id: string, config: ChartConfiguration, wide = false): void => {
    const { box, canvas } = chartBox(id, wide);
    charts.append(box);
    pending.push({ canvas, config });
  };
  if (matmul.length)
    add(
      'chart-gflops',
      barConfig(
        report,
        'matmul float32, read back: GFLOPS (higher is better)',
        'GFLOPS',
        matmul,
        (e) => e.gflops,
      ),
      true,
    );
  if (steps.length)
    add(
      'chart-steps',
      barConfig(
        report,
        'Time per training step / loss step (lower is better)',
        'ms',
        steps,
        (e) => e.medianMs,
      ),
    );
  if (small.length)
    add(
      'chart-small-op',
      barConfig(
        report,
        'Per-op overhead: add of 16 floats + dispose (lower is better)',
        'µs',
        small,
        (e) => e.medianMs * 1000,
      ),
    );

  const head = el('tr', {}, el('th', {}, 'workload'), ...impls.map((i) => el('th', {}, i.label)));
  const rows = s.workloads.map((w) =>
    el(
      'tr',
      { 'data-workload': w.id },
      el('td', {}, w.label),
      ...impls.map((i) => {
        const e = s.entries.find((x) => x.workload === w.id && x.impl === i.name);
        const td = el(
          'td',
          {
            class: `num${e?.error ? ' fail' : ''}`,
            'data-impl': i.name,
            'data-median-ms': e && !e.error ? String(e.medianMs) : '',
          },
          e ? formatFigure(e) : '–',
        );
        if (e)
          td.title = e.error
            ? e.error
            : `median ${formatTime(e.medianMs)}, best ${formatTime(e.minMs)}, ${e.samples} samples × ${e.inner}${e.maxAbsDiff !== null ? `; max |Δ| vs ${e.reference}: ${e.maxAbsDiff.toExponential(2)}` : ''}`;
        return td;
      }),
    ),
  );
  const polygrad = impls.filter((i) => i.kind === 'polygrad');
  const ratioHead = el('tr', {}, el('th', {}, 'workload'), ...polygrad.map((p) => el('th', {}, p.label)));
  const ratioTable = ratioRows(report).map((r) =>
    el(
      'tr',
      {},
      el('td', {}, r.label),
      ...polygrad.map((p) => {
        const c = r.cells[p.name];
        return el(
          'td',
          { class: 'num' },
          c
            ? `${formatRatio(c.vsCpu)} vs cpu · ${formatRatio(c.vsTfjs)} vs ${c.tfjsPeer ? (report.peers.find((x) => x.name === c.tfjsPeer)?.label ?? c.tfjsPeer) : 'TF.js'}`
            : '–',
        );
      }),
    ),
  );
  const problems = s.entries
    .filter((e) => e.error || e.leakedTensors !== 0)
    .map((e) => `${e.workload} on ${e.impl}: ${e.error ?? `${e.leakedTensors} tensors leaked`}`);
  return el(
    'section',
    { id: 'speed' },
    el('h2', {}, 'Speed'),
    el(
      'p',
      { class: 'note' },
      `Same inputs on every implementation, results read back to the host (what a user pays); median of up to ${s.budget.minSamples} samples or ${s.budget.maxTimeMs / 1000} s per case after ${s.budget.warmup} warm-up. TF.js runs in the same process as the peer. Each implementation's values are checked against the first one's (hover a cell).`,
    ),
    charts,
    el('table', { id: 'speed-table' }, head, ...rows),
    el(
      'p',
      { class: 'note' },
      'Ratios: time(cpu) / time(backend) and time(fastest TF.js) / time(backend); above 1× the backend is faster.',
    ),
    el('table', { id: 'ratio-table' }, ratioHead, ...ratioTable),
    ...problems.map((p) => el('p', { class: 'note bad' }, p)),
  );
}

function mnistSection(report: CompareReport, pending: Pending[]): HTMLElement | null {
  const m = report.mnist;
  if (!m) return null;
  const color = colorOf(report);
  const runs = m.runs.filter((r) => !r.error);
  const g = m.largestGap;
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = runs.map((r) => ({
    label: `${r.backend} (${(100 * r.testAccuracy).toFixed(2)}%)`,
    data: r.batchLosses.map((y, i) => ({ x: i + 1, y })),
    borderColor: color(r.backend),
    backgroundColor: color(r.backend),
    borderWidth: 1.2,
    pointRadius: 0,
  }));
  if (g && Number.isFinite(g.value)) {
    const at = (b: string) => runs.find((r) => r.backend === b)?.batchLosses[g.batch - 1] ?? 0;
    datasets.push({
      label: `largest gap ${g.value.toExponential(2)} (batch ${g.batch})`,
      data: [
        { x: g.batch, y: at(g.low) },
        { x: g.batch, y: at(g.high) },
      ],
      borderColor: '#000000',
      backgroundColor: '#000000',
      borderWidth: 2,
      pointRadius: 4,
    });
  }
  const { box, canvas } = chartBox('chart-mnist', true);
  pending.push({
    canvas,
    config: {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        plugins: {
          title: {
            display: true,
            text: `MNIST minibatch loss, same seed on every backend${g ? ` — largest gap ${Number.isFinite(g.value) ? g.value.toExponential(2) : '∞ (diverged)'} at batch ${g.batch} (${g.high} vs ${g.low})` : ''}`,
          },
          legend: { position: 'bottom' },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'minibatch' } },
          y: { type: 'logarithmic', title: { display: true, text: 'cross-entropy loss' } },
        },
      },
    } as ChartConfiguration,
  });
  const rows = m.runs.map((r) =>
    el(
      'tr',
      { 'data-backend': r.backend },
      el('td', {}, r.backend),
      el(
        'td',
        { class: `num ${r.error ? 'fail' : r.reachedTarget ? 'pass' : 'fail'}` },
        r.error ? 'error' : `${(100 * r.testAccuracy).toFixed(2)}%`,
      ),
      el('td', { class: 'num' }, r.error ? '–' : `${r.seconds.toFixed(1)} s`),
      el('td', { class: 'num' }, r.error ? '–' : `${Math.round(r.samplesPerSecond)}`),
      el('td', {}, r.error ?? (r.leakedTensors ? `${r.leakedTensors} tensors leaked` : '')),
    ),
  );
  return el(
    'section',
    { id: 'mnist' },
    el('h2', {}, 'MNIST'),
    el(
      'p',
      { class: 'note' },
      `The seed's recipe (apps/mnist) on ${runs[0]?.trainSize ?? '?'} training and ${runs[0]?.testSize ?? '?'} test digits, ${m.options.epochs} epochs, seed ${m.options.seed}; target ${100 * m.target}% test accuracy. With the same seed the curves should lie on top of each other.`,
    ),
    el('div', { class: 'charts' }, box),
    el(
      'table',
      { id: 'mnist-table' },
      el(
        'tr',
        {},
        el('th', {}, 'backend'),
        el('th', {}, 'test accuracy'),
        el('th', {}, 'time'),
        el('th', {}, 'samples/s'),
        el('th', {}, ''),
      ),
      ...rows,
    ),
  );
}

/** Render `report` into `root` (replacing its content); returns the charts (destroy them before re-rendering). */
export function renderReport(root: HTMLElement, report: CompareReport, Chart: ChartConstructor): ChartJs[] {
  root.replaceChildren();
  root.classList.add('pg-report');
  const pending: Pending[] = [];
  const sections = [
    header(report),
    backendsSection(report),
    matrixSection(report),
    speedSection(report, pending),
    mnistSection(report, pending),
  ];
  for (const s of sections) if (s) root.append(s);
  return pending.map((p) => new Chart(p.canvas, p.config));
}
