/** The conformance suite on each backend, summarised as a category × backend matrix. */

import {
  CATEGORIES,
  type CaseResult,
  type FloatDType,
  listCases,
  runConformance,
} from '@polygrad/conformance';
import { initBackend } from '@polygrad/core';
import type { ConformanceRun, ConformanceSection, MatrixCell, WorstCase } from './model.js';
import type { TaskProgress } from './progress.js';

const MAX_LISTED = 5;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function caseCount(): number {
  return listCases().length;
}

/** Run the whole suite on `backend` at `dtype`, reporting each case. Never throws: a run that cannot start says why. */
export async function runSuite(
  backend: string,
  dtype: FloatDType,
  progress: TaskProgress | null,
): Promise<{ run: ConformanceRun; results: readonly CaseResult[] }> {
  const start = performance.now();
  const empty = { backend, dtype, total: 0, passed: 0, failed: 0, declined: 0, skipped: 0 };
  try {
    const b = await initBackend(backend);
    if (!b.dtypes.includes(dtype)) {
      return {
        run: { ...empty, durationMs: 0, error: `does not store ${dtype} (stores ${b.dtypes.join(', ')})` },
        results: [],
      };
    }
    // One runConformance per category (the matrix is by category); onResult is awaited between
    // cases, so a page repaints and answers input even in a long category on a slow backend.
    const total = listCases().length;
    const results: CaseResult[] = [];
    for (const category of CATEGORIES) {
      const before = results.length;
      const report = await runConformance(backend, {
        dtype,
        categories: [category],
        onResult: (r, done) => progress?.update(before + done, total, r.name),
      });
      results.push(...report.results);
      await progress?.update(results.length, total, category);
    }
    const count = (status: CaseResult['status']): number => results.filter((r) => r.status === status).length;
    return {
      run: {
        backend,
        dtype,
        total: results.length,
        passed: count('passed'),
        failed: count('failed'),
        declined: count('declined'),
        skipped: count('skipped'),
        durationMs: performance.now() - start,
        error: null,
      },
      results,
    };
  } catch (e) {
    return { run: { ...empty, durationMs: performance.now() - start, error: message(e) }, results: [] };
  }
}

function cellOf(results: readonly CaseResult[]): MatrixCell {
  let worst: WorstCase | null = null;
  const failures: MatrixCell['failures'][number][] = [];
  const declines: MatrixCell['declines'][number][] = [];
  let passed = 0;
  let failed = 0;
  let declined = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.skipped) skipped++;
    else if (r.declined) {
      declined++;
      if (declines.length < MAX_LISTED)
        declines.push({ case: r.name, dtype: r.dtype, reason: r.message.replace(/^declined: /, '') });
    } else if (r.passed) passed++;
    else {
      failed++;
      if (failures.length < MAX_LISTED) failures.push({ case: r.name, dtype: r.dtype, message: r.message });
    }
    const used = r.toleranceUsed ?? 0;
    if (!r.skipped && !r.declined && (!worst || used > worst.toleranceUsed)) {
      worst = {
        case: r.name,
        dtype: r.dtype,
        toleranceUsed: used,
        maxAbsError: r.maxAbsError,
        maxRelError: r.maxRelError,
        atol: r.atol,
        rtol: r.rtol,
      };
    }
  }
  return { total: results.length, passed, failed, declined, skipped, worst, failures, declines };
}

/** category → backend → cell, plus the row `all`. */
export function buildMatrix(
  resultsByBackend: ReadonlyMap<string, readonly CaseResult[]>,
): ConformanceSection['matrix'] {
  const matrix: Record<string, Record<string, MatrixCell>> = {};
  for (const category of [...CATEGORIES, 'all'] as const) {
    const row: Record<string, MatrixCell> = {};
    for (const [backend, results] of resultsByBackend)
      row[backend] = cellOf(category === 'all' ? results : results.filter((r) => r.category === category));
    matrix[category] = row;
  }
  return matrix;
}
