/** A conformance report as a terminal summary or as markdown: counts per category, worst errors, declined, failures. */
import { CATEGORIES, type CaseResult, type ConformanceReport } from '../types.js';
import { markdownTable, type Table, textTable } from './table.js';

/** Options of the report formatters. */
export interface ReportFormatOptions {
  /** How many of the largest errors to list (default 5). */
  readonly worst?: number;
}

function sci(v: number): string {
  return v === 0 ? '0' : v.toExponential(2);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function categoryTable(report: ConformanceReport): Table {
  const by = report.summary.byCategory;
  const rows = CATEGORIES.filter((c) => by[c]).map((c) => [
    c,
    String(by[c].passed),
    String(by[c].failed),
    String(by[c].skipped),
    String(by[c].declined),
  ]);
  const s = report.summary;
  rows.push(['total', String(s.passed), String(s.failed), String(s.skipped), String(s.declined)]);
  return {
    headers: ['category', 'passed', 'failed', 'skipped', 'declined'],
    rows,
    align: ['left', 'right', 'right', 'right', 'right'],
  };
}

function used(r: CaseResult): number {
  return r.toleranceUsed ?? 0;
}

/** The cases that came closest to their tolerance, with their errors and the tolerance they had. */
function worstTable(report: ConformanceReport, n: number): Table | null {
  const ranked = report.results
    .filter((r) => r.status === 'passed' || r.status === 'failed')
    .filter((r) => used(r) > 0)
    .sort((a, b) => used(b) - used(a))
    .slice(0, n);
  if (ranked.length === 0) return null;
  return {
    headers: ['case', 'max abs error', 'max rel error', 'atol', 'rtol', 'used'],
    rows: ranked.map((r) => [
      r.name,
      sci(r.maxAbsError),
      sci(r.maxRelError),
      sci(r.atol),
      sci(r.rtol),
      Number.isFinite(used(r)) ? `${(used(r) * 100).toFixed(0)}%` : '∞',
    ]),
    align: ['left', 'right', 'right', 'right', 'right', 'right'],
  };
}

function worstLine(report: ConformanceReport): string | null {
  const { worstAbsError: a, worstRelError: r } = report.summary;
  if (!a && !r) return null;
  const part = (label: string, w: { name: string; value: number } | null) =>
    w && w.value > 0 ? `${label} ${sci(w.value)} (${w.name})` : null;
  const parts = [part('worst abs error', a), part('worst rel error', r)].filter((p) => p !== null);
  return parts.length > 0 ? parts.join('; ') : null;
}

/** Results with the same message (a declined reason, a skip reason), grouped. */
function grouped(results: readonly CaseResult[]): { message: string; names: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const r of results) {
    const list = groups.get(r.message) ?? [];
    list.push(r.name);
    groups.set(r.message, list);
  }
  return [...groups].map(([message, names]) => ({ message, names }));
}

function names(list: readonly string[], max = 8): string {
  return list.length <= max
    ? list.join(', ')
    : `${list.slice(0, max).join(', ')}, … (${list.length - max} more)`;
}

function verdict(report: ConformanceReport): string {
  const s = report.summary;
  const counts = `${s.passed} passed, ${s.failed} failed, ${s.declined} declined, ${s.skipped} skipped`;
  return s.failed === 0
    ? `PASS — ${counts}`
    : `FAIL — ${counts}; failing kernels: ${s.failingKernels.join(', ')}`;
}

function oracleLine(report: ConformanceReport): string | null {
  const o = report.summary.oracle;
  if (!o) return null;
  return `second reference: oracle '${o.backend}' — ${o.compared} cases compared, ${o.failed} disagree, ${o.unavailable} not comparable`;
}

/**
 * The report as the command line prints it: counts per category, the cases closest to their tolerance,
 * declined and skipped cases, failures and the verdict.
 */
export function formatReportText(report: ConformanceReport, options: ReportFormatOptions = {}): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(
    `Polygrad conformance — backend '${s.backend}' (precision ${s.precision}), ${s.dtype}: ${s.total} cases in ${seconds(s.durationMs)}`,
  );
  const o = oracleLine(report);
  if (o) out.push(o);
  out.push('', textTable(categoryTable(report)));
  const worst = worstTable(report, options.worst ?? 5);
  if (worst) out.push('', 'closest to their tolerance (vs the float64 reference):', textTable(worst));
  const wl = worstLine(report);
  if (wl) out.push(wl);
  const declined = report.results.filter((r) => r.declined);
  if (declined.length > 0) {
    out.push('', `declined (${declined.length}):`);
    for (const g of grouped(declined)) {
      out.push(`  ${g.message.replace(/^declined: /, '')}`, `    cases: ${names(g.names)}`);
    }
  }
  const skipped = report.results.filter((r) => r.skipped);
  if (skipped.length > 0) {
    out.push('', `skipped (${skipped.length}):`);
    for (const g of grouped(skipped)) {
      out.push(`  ${g.message.replace(/^skipped: /, '')}`, `    cases: ${names(g.names)}`);
    }
  }
  const failed = report.results.filter((r) => !r.passed);
  if (failed.length > 0) {
    out.push('', `failing cases (${failed.length}):`);
    for (const r of failed) {
      out.push(`  ✗ ${r.name} [${r.category} · ${r.kernel}]`);
      for (const line of r.message.split('\n')) out.push(`      ${line}`);
    }
  }
  out.push('', verdict(report));
  return out.join('\n');
}

/** The same summary as `formatReportText`, as markdown. */
export function formatReportMarkdown(report: ConformanceReport, options: ReportFormatOptions = {}): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`## Polygrad conformance: \`${s.backend}\``, '');
  out.push(
    `Precision \`${s.precision}\`, dtype \`${s.dtype}\`, ${s.total} cases in ${seconds(s.durationMs)}. **${verdict(report)}**`,
  );
  const o = oracleLine(report);
  if (o) out.push('', `${o[0].toUpperCase()}${o.slice(1)}.`);
  out.push('', markdownTable(categoryTable(report)));
  const worst = worstTable(report, options.worst ?? 5);
  if (worst)
    out.push('', '### Closest to their tolerance (vs the float64 reference)', '', markdownTable(worst));
  const wl = worstLine(report);
  if (wl) out.push('', `${wl[0].toUpperCase()}${wl.slice(1)}.`);
  const declined = report.results.filter((r) => r.declined);
  if (declined.length > 0) {
    out.push('', `### Declined (${declined.length})`, '');
    for (const g of grouped(declined))
      out.push(`- ${g.message.replace(/^declined: /, '')} — ${names(g.names)}`);
  }
  const skipped = report.results.filter((r) => r.skipped);
  if (skipped.length > 0) {
    out.push('', `### Skipped (${skipped.length})`, '');
    for (const g of grouped(skipped))
      out.push(`- ${g.message.replace(/^skipped: /, '')} — ${names(g.names)}`);
  }
  const failed = report.results.filter((r) => !r.passed);
  if (failed.length > 0) {
    out.push('', `### Failing cases (${failed.length})`, '');
    for (const r of failed)
      out.push(`- \`${r.name}\` (${r.category} · ${r.kernel})`, '', '```', r.message, '```', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
