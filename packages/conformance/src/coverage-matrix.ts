/**
 * The kernel × backend coverage matrix, generated from core's kernel table:
 * which kernels each backend provides, which fused kernels fall back to
 * core's composition, and which it declines (and why).
 */
import {
  type Backend,
  type DeclineReason,
  DTYPES,
  hasCoreFallback,
  KERNEL_NAMES,
  KERNELS,
  type KernelName,
  type KernelTier,
} from '@polygrad/core';
import { kernelCoverage } from './coverage.js';
import { markdownTable, type Table, textTable } from './format/table.js';

/**
 * - `native`: the backend's kernel runs, for every dtype it stores.
 * - `partial`: its kernel runs, but it declines some dtypes (core's fallback runs for those).
 * - `declined`: it has or had the kernel but declines it for every dtype; core's fallback runs.
 * - `composed`: a fused kernel the backend does not provide; core composes it from primitives.
 * - `missing`: a primitive kernel the backend lacks (it cannot be registered).
 */
export type CoverageStatus = 'native' | 'partial' | 'declined' | 'composed' | 'missing';

/** One backend's status for one kernel (with the declined dtypes and reasons where it declines some). */
export interface CoverageCell {
  readonly status: CoverageStatus;
  /** For `partial` and `declined`: the backend's reason, per dtype where it differs. */
  readonly reason?: string;
  /** For `partial`: the declined dtypes. */
  readonly declinedDTypes?: readonly string[];
}

/** One kernel of the matrix: its tier, summary, number of cases and one cell per backend. */
export interface CoverageRow {
  readonly kernel: KernelName;
  readonly tier: KernelTier;
  readonly summary: string;
  /** Conformance cases exercising the kernel. */
  readonly cases: number;
  readonly cells: readonly CoverageCell[];
}

/** The kernel × backend coverage matrix: backend names (columns) and one row per kernel. */
export interface CoverageMatrix {
  readonly backends: readonly string[];
  readonly rows: readonly CoverageRow[];
}

/** What the matrix reads of a backend (an initialised `Backend` has it all). */
export type CoverageBackend = Pick<Backend, 'name' | 'dtypes' | 'kernels' | 'capabilities'>;

function cellFor(b: CoverageBackend, kernel: KernelName): CoverageCell {
  const has = typeof (b.kernels as Partial<Record<KernelName, unknown>>)[kernel] === 'function';
  const decline: DeclineReason | undefined = b.capabilities?.declines?.[kernel];
  if (decline !== undefined) {
    if (typeof decline === 'string') return { status: 'declined', reason: decline };
    const stored = b.dtypes.filter((d) => DTYPES.includes(d));
    const dtypes = stored.filter((d) => decline[d] !== undefined);
    const reasons = [...new Set(dtypes.map((d) => decline[d] as string))];
    const reason = reasons.length === 1 ? reasons[0] : dtypes.map((d) => `${d}: ${decline[d]}`).join('; ');
    if (dtypes.length === stored.length) return { status: 'declined', reason };
    if (dtypes.length > 0) return { status: has ? 'partial' : 'composed', reason, declinedDTypes: dtypes };
  }
  if (has) return { status: 'native' };
  return { status: KERNELS[kernel].tier === 'fused' ? 'composed' : 'missing' };
}

/** The kernel × backend coverage matrix of `backends`, from what each provides and declines. */
export function coverageMatrix(backends: readonly CoverageBackend[]): CoverageMatrix {
  const cases = kernelCoverage();
  return {
    backends: backends.map((b) => b.name),
    rows: KERNEL_NAMES.map((kernel) => ({
      kernel,
      tier: KERNELS[kernel].tier,
      summary: KERNELS[kernel].summary,
      cases: Object.values(cases[kernel]).reduce((a, n) => a + (n ?? 0), 0),
      cells: backends.map((b) => cellFor(b, kernel)),
    })),
  };
}

/** What core runs instead of a declined kernel. */
function fallback(kernel: KernelName): string {
  if (!hasCoreFallback(kernel)) return 'none: ops needing it throw';
  return kernel === 'random' ? 'core generates on the host' : "core's composition";
}

/** Declines become numbered notes; backends declining a kernel for the same reason share one note. */
class Notes {
  private readonly entries: { kernel: KernelName; about: string; backends: string[] }[] = [];

  mark(kernel: KernelName, about: string, backend: string): string {
    let i = this.entries.findIndex((e) => e.kernel === kernel && e.about === about);
    if (i < 0) i = this.entries.push({ kernel, about, backends: [] }) - 1;
    if (!this.entries[i].backends.includes(backend)) this.entries[i].backends.push(backend);
    return `[${i + 1}]`;
  }

  lines(): string[] {
    return this.entries.map(
      (e) => `${e.backends.join(', ')} decline${e.backends.length > 1 ? '' : 's'} \`${e.kernel}\`${e.about}`,
    );
  }
}

function cellLabel(c: CoverageCell, kernel: KernelName, backend: string, notes: Notes): string {
  switch (c.status) {
    case 'native':
      return '✓';
    case 'composed':
      return 'core';
    case 'missing':
      return 'MISSING';
    case 'declined':
      return `declined ${notes.mark(kernel, ` (${fallback(kernel)}): ${c.reason}`, backend)}`;
    case 'partial': {
      const dtypes = c.declinedDTypes?.join(', ');
      return `✓ except ${dtypes} ${notes.mark(kernel, ` for ${dtypes} (${fallback(kernel)}): ${c.reason}`, backend)}`;
    }
  }
}

interface Rendered {
  readonly table: Table;
  readonly notes: readonly string[];
}

function render(m: CoverageMatrix, withCases: boolean): Rendered {
  const notes = new Notes();
  const rows = m.rows.map((r) => [
    r.kernel,
    r.tier,
    ...(withCases ? [String(r.cases)] : []),
    ...r.cells.map((c, j) => cellLabel(c, r.kernel, m.backends[j], notes)),
  ]);
  return {
    table: {
      headers: ['kernel', 'tier', ...(withCases ? ['cases'] : []), ...m.backends],
      rows,
      align: [
        'left',
        'left',
        ...(withCases ? ['right' as const] : []),
        ...m.backends.map(() => 'left' as const),
      ],
    },
    notes: notes.lines(),
  };
}

const LEGEND =
  "✓ the backend's kernel runs · core: a fused kernel the backend does not provide, composed by core from primitives · declined: the backend declares it does not run it, core's fallback runs (conformance reports those cases as declined)";

/** The terminal table, with the number of conformance cases per kernel. */
export function coverageText(m: CoverageMatrix): string {
  const { table, notes } = render(m, true);
  return [
    textTable(table),
    '',
    `${LEGEND} · cases: conformance cases exercising the kernel`,
    ...notes.map((n, i) => `[${i + 1}] ${n}`),
  ].join('\n');
}

/**
 * Markdown for READMEs. Without the case counts, so that it changes only when
 * a backend's kernels or declarations do (not each time the suite grows).
 */
export function coverageMarkdown(m: CoverageMatrix): string {
  const { table, notes } = render(m, false);
  return [markdownTable(table), '', LEGEND.replace(/^✓/, '✓:'), '', ...notes.map((n, i) => `${i + 1}. ${n}`)]
    .join('\n')
    .trimEnd();
}

/** The line that opens the generated coverage block in a README. */
export const COVERAGE_START = '<!-- polygrad-coverage:start -->';
/** The line that closes the generated coverage block in a README. */
export const COVERAGE_END = '<!-- polygrad-coverage:end -->';

/** Index of `marker` on a line of its own in `text` (not a mention of it in prose), or -1. */
function lineIndex(text: string, marker: string, from = 0): number {
  for (let i = text.indexOf(marker, from); i >= 0; i = text.indexOf(marker, i + 1)) {
    const startOk = i === 0 || text[i - 1] === '\n';
    const end = i + marker.length;
    const endOk = end === text.length || text[end] === '\n' || text[end] === '\r';
    if (startOk && endOk) return i;
  }
  return -1;
}

/**
 * `text` with the block between the coverage markers (each on a line of its
 * own) replaced by `markdown`; throws when the markers are missing.
 */
export function replaceCoverageBlock(text: string, markdown: string): string {
  const start = lineIndex(text, COVERAGE_START);
  const end = start < 0 ? -1 : lineIndex(text, COVERAGE_END, start);
  if (start < 0 || end < 0) {
    throw new Error(
      `no coverage block: expected a line '${COVERAGE_START}' and, after it, a line '${COVERAGE_END}'`,
    );
  }
  return `${text.slice(0, start + COVERAGE_START.length)}\n\n${markdown}\n\n${text.slice(end)}`;
}
