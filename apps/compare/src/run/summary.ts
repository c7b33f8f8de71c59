/** Derived figures shared by the terminal tables, the HTML report and the page. */
import type { CompareReport, MatrixCell, SpeedEntry } from './model.js';

/** `12.3 ms`, `0.561 µs`, `1.52 s`. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 0.1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** The figure a workload is best read in: GFLOPS for matmul, time otherwise. */
export function formatFigure(e: SpeedEntry): string {
  if (e.error) return 'error';
  return e.gflops !== null ? `${e.gflops.toPrecision(3)} GFLOPS` : formatTime(e.medianMs);
}

/** time(other) / time(this): > 1 means this one is faster. */
export function speedup(self: SpeedEntry | undefined, other: SpeedEntry | undefined): number | null {
  if (!self || !other || self.error || other.error) return null;
  if (!(self.medianMs > 0) || !(other.medianMs > 0)) return null;
  return other.medianMs / self.medianMs;
}

export function formatRatio(r: number | null): string {
  if (r === null) return '–';
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}×`;
}

export function formatShare(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  if (x === 0) return '0%';
  if (x < 0.01) return '<1%';
  return `${Math.round(x * 100)}%`;
}

export type CellVerdict = 'pass' | 'fail' | 'declined' | 'empty';

export function cellVerdict(c: MatrixCell | undefined): CellVerdict {
  if (!c || c.total === c.skipped) return 'empty';
  if (c.failed > 0) return 'fail';
  if (c.declined > 0 && c.passed === 0) return 'declined';
  return 'pass';
}

/** `✓ 52/52`, `✓ 50/52 · 2 declined`, `✗ 3 failed of 52`. */
export function cellText(c: MatrixCell | undefined): string {
  if (!c || c.total === c.skipped) return '–';
  const run = c.total - c.skipped;
  if (c.failed > 0) return `✗ ${c.failed} failed of ${run}`;
  if (c.passed === 0) return `${c.declined}/${run} declined`;
  const declined = c.declined > 0 ? ` · ${c.declined} declined` : '';
  return `✓ ${c.passed}/${run}${declined}`;
}

export interface RatioRow {
  readonly workload: string;
  readonly label: string;
  /** Per Polygrad backend: speedup against cpu and against the fastest TF.js peer. */
  readonly cells: Readonly<
    Record<string, { vsCpu: number | null; vsTfjs: number | null; tfjsPeer: string | null }>
  >;
}

/** For each workload and Polygrad backend: how it compares with cpu and with the fastest TF.js peer. */
export function ratioRows(report: CompareReport): RatioRow[] {
  const speed = report.speed;
  if (!speed) return [];
  return speed.workloads.map((w) => {
    const entries = speed.entries.filter((e) => e.workload === w.id);
    const cpu = entries.find((e) => e.kind === 'polygrad' && e.impl === 'cpu');
    const peers = entries.filter((e) => e.kind === 'tfjs' && !e.error);
    const fastest = peers.reduce<SpeedEntry | undefined>(
      (best, e) => (!best || e.medianMs < best.medianMs ? e : best),
      undefined,
    );
    const cells: Record<string, { vsCpu: number | null; vsTfjs: number | null; tfjsPeer: string | null }> =
      {};
    for (const e of entries.filter((x) => x.kind === 'polygrad'))
      cells[e.impl] = {
        vsCpu: speedup(e, cpu),
        vsTfjs: speedup(e, fastest),
        tfjsPeer: fastest?.impl ?? null,
      };
    return { workload: w.id, label: w.label, cells };
  });
}

/** Names of the implementations in the speed section, Polygrad backends first. */
export function speedImpls(
  report: CompareReport,
): { name: string; kind: 'polygrad' | 'tfjs'; label: string }[] {
  const seen = new Map<string, { name: string; kind: 'polygrad' | 'tfjs'; label: string }>();
  for (const e of report.speed?.entries ?? [])
    if (!seen.has(e.impl))
      seen.set(e.impl, {
        name: e.impl,
        kind: e.kind,
        label: e.kind === 'tfjs' ? (report.peers.find((p) => p.name === e.impl)?.label ?? e.impl) : e.impl,
      });
  return [...seen.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'polygrad' ? -1 : 1));
}

/** Backends in the conformance matrix, in report order. */
export function matrixBackends(report: CompareReport): string[] {
  const row = report.conformance?.matrix.all ?? {};
  return report.backends.map((b) => b.name).filter((n) => n in row);
}

/** Rows of the matrix: the report's categories, then `all`. */
export function matrixRows(report: CompareReport): string[] {
  return [...(report.conformance?.categories ?? []), 'all'];
}
