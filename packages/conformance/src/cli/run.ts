/** `polygrad-conformance`: run the suite on a backend a module registers, print a summary, exit non-zero on failure. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Backend, initBackend, listBackends } from '@polygrad/core';
import { listCases } from '../cases/index.js';
import { coverageMarkdown, coverageMatrix, coverageText, replaceCoverageBlock } from '../coverage-matrix.js';
import { formatReportMarkdown, formatReportText } from '../format/report.js';
import { textTable } from '../format/table.js';
import { importModule } from '../node/import-module.js';
import { oracleBackendName } from '../oracle.js';
import { runConformance } from '../runner.js';
import type { ConformanceReport } from '../types.js';
import { type CliOptions, parseCliArgs, USAGE, UsageError } from './args.js';
import { createProgress } from './progress.js';

/** Where the command writes (stdout, stderr) and the directory it resolves relative paths against. */
export interface CliIO {
  readonly stdout: {
    /** Writes text to standard output. */
    write(s: string): unknown;
  };
  readonly stderr:
    | NodeJS.WriteStream
    | {
        /** Writes text to standard error (progress, errors). */
        write(s: string): unknown;
        isTTY?: boolean;
      };
  readonly cwd: string;
}

/** A problem that stops the run before any case (exit status 2). */
class SetupError extends Error {}

function version(): string {
  // dist/cli/run.js and src/cli/run.ts both sit two levels below the package root.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function registeredNames(): Promise<string[]> {
  return (await listBackends()).map((b) => b.name);
}

async function backendNamed(name: string): Promise<Backend> {
  const names = await registeredNames();
  if (!names.includes(name)) {
    throw new SetupError(
      `no backend named '${name}' is registered; registered: ${names.join(', ') || 'none'}. ` +
        "If your --import module registers it, it used another copy of @polygrad/core than this tool's: install both in one project.",
    );
  }
  try {
    return await initBackend(name);
  } catch (e) {
    throw new SetupError((e as Error).message);
  }
}

async function importAll(opts: CliOptions, cwd: string): Promise<void> {
  for (const spec of opts.imports) {
    try {
      await importModule(spec, cwd);
    } catch (e) {
      throw new SetupError(`--import ${spec}: ${(e as Error).message}`);
    }
  }
}

/** TF.js as the oracle: import @polygrad/backend-tfjs when it is installed and not yet imported. */
async function ensureOracle(oracle: string, cwd: string): Promise<string> {
  const name = oracleBackendName(oracle);
  if (!(await registeredNames()).includes(name) && name.startsWith('tfjs-')) {
    await importModule('@polygrad/backend-tfjs', cwd).catch(() => undefined);
  }
  if (!(await registeredNames()).includes(name)) {
    const hint = name.startsWith('tfjs-')
      ? ` (install @polygrad/backend-tfjs, @tensorflow/tfjs-core and @tensorflow/tfjs-backend-${name.slice(5)})`
      : '';
    throw new SetupError(`--oracle ${oracle}: no backend '${name}' is registered${hint}`);
  }
  await backendNamed(name);
  return name;
}

function jsonReport(report: ConformanceReport, backend: Backend, opts: CliOptions): unknown {
  return {
    tool: 'polygrad-conformance',
    version: version(),
    date: new Date().toISOString(),
    backend: {
      name: backend.name,
      precision: backend.precision,
      dtypes: backend.dtypes,
      capabilities: backend.capabilities ?? {},
      device: backend.deviceInfo(),
    },
    options: {
      dtype: opts.dtype,
      categories: opts.categories ?? null,
      kernels: opts.kernels ?? null,
      filter: opts.filter === undefined ? null : String(opts.filter),
      oracle: opts.oracle ?? null,
      seed: opts.seed ?? null,
      numRuns: opts.numRuns ?? null,
    },
    summary: report.summary,
    results: report.results,
  };
}

async function run(opts: CliOptions, io: CliIO): Promise<number> {
  await importAll(opts, io.cwd);
  const name = opts.backends[0];
  const backend = await backendNamed(name);
  const oracle = opts.oracle === undefined ? undefined : await ensureOracle(opts.oracle, io.cwd);
  const progress = createProgress(io.stderr as NodeJS.WriteStream, opts.progress);
  const report = await runConformance(name, {
    dtype: opts.dtype,
    categories: opts.categories,
    kernels: opts.kernels,
    filter: opts.filter,
    seed: opts.seed,
    numRuns: opts.numRuns,
    oracle,
    onResult: (r, done, total) => progress.update(r, done, total),
  });
  progress.finish();
  if (report.summary.total === 0)
    throw new SetupError('no case matches the --category/--kernel/--filter given');
  if (opts.json) {
    const file = resolve(io.cwd, opts.json);
    writeFileSync(file, `${JSON.stringify(jsonReport(report, backend, opts), null, 2)}\n`);
  }
  io.stdout.write(opts.markdown ? formatReportMarkdown(report) : `${formatReportText(report)}\n`);
  if (opts.json) io.stderr.write(`report written to ${resolve(io.cwd, opts.json)}\n`);
  return report.summary.failed > 0 ? 1 : 0;
}

async function coverage(opts: CliOptions, io: CliIO): Promise<number> {
  await importAll(opts, io.cwd);
  const statuses = await listBackends();
  const names =
    opts.backends.length > 0 ? opts.backends : statuses.filter((s) => s.available).map((s) => s.name);
  if (names.length === 0) throw new SetupError('no backend is registered and available after the imports');
  const backends: Backend[] = [];
  for (const n of names) backends.push(await backendNamed(n));
  const matrix = coverageMatrix(backends);
  if (opts.readme) {
    const file = resolve(io.cwd, opts.readme);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new SetupError(`--readme ${opts.readme}: ${(e as Error).message}`);
    }
    let updated: string;
    try {
      updated = replaceCoverageBlock(text, coverageMarkdown(matrix));
    } catch (e) {
      throw new SetupError(`--readme ${opts.readme}: ${(e as Error).message}`);
    }
    if (opts.check) {
      if (updated === text) return 0;
      io.stderr.write(`${file}: the coverage matrix is not current (regenerate it without --check)\n`);
      return 1;
    }
    if (updated !== text) writeFileSync(file, updated);
    io.stdout.write(`${updated === text ? 'unchanged' : 'updated'}: ${file} (${names.join(', ')})\n`);
    return 0;
  }
  const skipped = statuses.filter((s) => !s.available && !names.includes(s.name));
  const notes = skipped.map((s) => `not shown: ${s.name} (cannot start here: ${s.reason})`);
  const body = opts.markdown ? coverageMarkdown(matrix) : coverageText(matrix);
  io.stdout.write(`${[body, ...notes].join('\n')}\n`);
  return 0;
}

function listCommand(opts: CliOptions, io: CliIO): number {
  const cases = listCases({ categories: opts.categories, kernels: opts.kernels, filter: opts.filter });
  io.stdout.write(
    `${textTable({ headers: ['case', 'category', 'kernel', 'dtypes'], rows: cases.map((c) => [c.name, c.category, c.kernel, c.dtypes.join(',')]) })}\n${cases.length} cases\n`,
  );
  return 0;
}

/** Run the CLI; resolves to the exit status. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`polygrad-conformance: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (opts.version) {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  try {
    if (opts.command === 'list') return listCommand(opts, io);
    if (opts.command === 'coverage') return await coverage(opts, io);
    return await run(opts, io);
  } catch (e) {
    if (e instanceof SetupError) {
      io.stderr.write(`polygrad-conformance: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
