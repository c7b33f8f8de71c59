/** The report as terminal text: backends, the correctness matrix, the speed and ratio tables, MNIST. */
import type { CompareReport } from '../run/model.js';
import {
  cellText,
  formatFigure,
  formatRatio,
  formatShare,
  formatTime,
  matrixBackends,
  matrixRows,
  ratioRows,
  speedImpls,
} from '../run/summary.js';

/** Columns padded to their widest cell; the first column left-aligned, the others right-aligned. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]): string =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i])))
      .join('  ')
      .trimEnd();
  return [fmt(head), width.map((w) => '─'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

export function backendsText(report: CompareReport): string {
  const rows = report.backends.map((b) => [
    b.name,
    b.available ? (b.selected ? 'runs' : 'available, not selected') : 'unavailable',
    b.package ?? '(registered by the app)',
    b.available
      ? `${b.precision} precision; ${Object.entries(b.device ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`
      : b.reason,
  ]);
  const failed = report.packages.filter((p) => p.error);
  const peers = report.peers.map((p) => [
    p.label,
    p.available ? (p.selected ? 'runs (peer)' : 'available, not selected') : 'unavailable',
    `@tensorflow/tfjs-backend-${p.name.replace(/^peer:tfjs-/, '')} ${p.version}`,
    p.available
      ? Object.entries(p.details)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')
      : p.reason,
  ]);
  const lines = [
    'Backends',
    leftTable(['backend', 'status', 'package', 'details / why not'], [...rows, ...peers]),
  ];
  for (const p of failed) lines.push(`  ! ${p.name} could not be imported: ${p.error}`);
  return lines.join('\n');
}

function leftTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(width[i])))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

export function matrixText(report: CompareReport): string {
  const c = report.conformance;
  if (!c) return '';
  const backends = matrixBackends(report);
  const rows = matrixRows(report).map((cat) => [
    cat,
    ...backends.map((b) => {
      const cell = c.matrix[cat]?.[b];
      const worst = cell?.worst ? `  ${formatShare(cell.worst.toleranceUsed).padStart(4)}` : '      ';
      return `${cellText(cell)}${worst}`;
    }),
  ]);
  const lines = [
    `Correctness — conformance suite (${c.dtypes.join(' + ')}); cell: cases passed, and the worst error as a share of its tolerance`,
    table(['category', ...backends], rows),
  ];
  for (const run of c.runs.filter((r) => r.error))
    lines.push(`  ${run.backend} ${run.dtype}: not run — ${run.error}`);
  for (const b of backends) {
    const all = c.matrix.all?.[b];
    if (all?.worst)
      lines.push(
        `  ${b}: closest to its tolerance: ${all.worst.case} [${all.worst.dtype}] max abs error ${all.worst.maxAbsError.toExponential(2)} (atol ${all.worst.atol.toExponential(2)}, rtol ${all.worst.rtol.toExponential(2)})`,
      );
    for (const f of all?.failures ?? [])
      lines.push(`  ✗ ${b}: ${f.message.split('\n').join(' ').slice(0, 300)}`);
    if (all && all.failed > all.failures.length)
      lines.push(`  ✗ ${b}: … and ${all.failed - all.failures.length} more failing cases`);
  }
  return lines.join('\n');
}

export function speedText(report: CompareReport): string {
  const s = report.speed;
  if (!s) return '';
  const impls = speedImpls(report);
  const abs = s.workloads.map((w) => [
    w.label,
    ...impls.map((i) => {
      const e = s.entries.find((x) => x.workload === w.id && x.impl === i.name);
      return e ? formatFigure(e) : '–';
    }),
  ]);
  const polygrad = impls.filter((i) => i.kind === 'polygrad');
  const rr = ratioRows(report);
  const ratios = rr.map((r) => [
    r.label,
    ...polygrad.map((p) => {
      const c = r.cells[p.name];
      return c ? `${formatRatio(c.vsCpu)} | ${formatRatio(c.vsTfjs)}` : '–';
    }),
  ]);
  const lines = [
    `Speed — median of timed samples (budget: ${s.budget.minSamples} samples or ${s.budget.maxTimeMs / 1000} s per case); matmul in GFLOPS (higher is better), others time per call`,
    table(['workload', ...impls.map((i) => i.label)], abs),
    '',
    'Ratios — time(cpu) / time(backend) | time(fastest TF.js) / time(backend); above 1× the backend is faster',
    table(['workload', ...polygrad.map((p) => p.label)], ratios),
  ];
  const diffs = s.entries.filter((e) => e.maxAbsDiff !== null && e.maxAbsDiff > 1e-3);
  for (const e of diffs)
    lines.push(`  note: ${e.workload} on ${e.impl} differs from ${e.reference} by up to ${e.maxAbsDiff}`);
  for (const e of s.entries.filter((x) => x.leakedTensors !== 0))
    lines.push(`  ! ${e.workload} on ${e.impl} leaked ${e.leakedTensors} tensors`);
  for (const e of s.entries.filter((x) => x.error)) lines.push(`  ✗ ${e.workload} on ${e.impl}: ${e.error}`);
  return lines.join('\n');
}

export function mnistText(report: CompareReport): string {
  const m = report.mnist;
  if (!m) return '';
  const rows = m.runs.map((r) => [
    r.backend,
    r.error ? 'error' : `${(100 * r.testAccuracy).toFixed(2)}%`,
    r.error ? '–' : r.reachedTarget ? 'yes' : 'NO',
    r.error ? '–' : `${r.seconds.toFixed(1)} s`,
    r.error ? '–' : `${Math.round(r.samplesPerSecond)}`,
    r.error ? r.error : `${r.batchLosses.at(-1)?.toFixed(4) ?? '–'}`,
  ]);
  const lines = [
    `MNIST — ${m.options.epochs} epochs, seed ${m.options.seed}, ${m.options.optimizer}, same seed on every backend`,
    table(['backend', 'test accuracy', `≥ ${100 * m.target}%`, 'time', 'samples/s', 'last batch loss'], rows),
  ];
  const g = m.largestGap;
  if (g)
    lines.push(
      `  largest gap between loss curves: ${g.value.toExponential(2)} at batch ${g.batch} (${g.high} above ${g.low})`,
    );
  for (const r of m.runs.filter((x) => x.leakedTensors !== 0))
    lines.push(`  ! MNIST on ${r.backend} leaked ${r.leakedTensors} tensors`);
  return lines.join('\n');
}

export function reportText(report: CompareReport): string {
  return [
    backendsText(report),
    matrixText(report),
    speedText(report),
    mnistText(report),
    `Total ${formatTime(report.durationS * 1000)}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}
