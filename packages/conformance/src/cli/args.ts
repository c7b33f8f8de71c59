/** Command-line arguments of `polygrad-conformance`, parsed and checked before anything runs. */
import { parseArgs } from 'node:util';
import { KERNEL_NAMES, type KernelName } from '@polygrad/core';
import { CATEGORIES, type Category, type FloatDType } from '../types.js';

export const USAGE = `usage:
  polygrad-conformance --import <module> --backend <name> [options]   run the suite
  polygrad-conformance coverage --import <module> [--backend a,b] [--markdown] [--readme FILE [--check]]
  polygrad-conformance list [--category …] [--kernel …] [--filter …]

  --import <module>     a file (./my-backend.js) or package that registers the backend when imported;
                        repeatable, imported in order
  --backend <name>      the registered backend to test (coverage: comma list; default every registered one)
  --dtype <d>           float32 (default) or float64
  --category <c,…>      only these categories: ${CATEGORIES.join(', ')}
  --kernel <k,…>        only cases of these kernels (core's kernel table)
  --filter <text>       only cases whose name contains text, or matches /regex/
  --oracle <backend>    compare forward values with a second reference backend too ('tfjs' = tfjs-cpu,
                        registered by @polygrad/backend-tfjs, imported automatically when installed)
  --json <file>         write the full report (every case, errors, tolerances) as JSON
  --markdown            print the summary (or the coverage matrix) as markdown
  --readme <file>       coverage: write the matrix between the coverage markers of this file
  --check               with --readme: change nothing, exit 1 when the file is not current
  --seed <n>            seed of the property-based cases;  --num-runs <n>  runs per property
  --no-progress         no progress bar (it goes to stderr, and only on a terminal)
  -h, --help            this text;  --version  the package version

exit status: 0 when no case failed (declined and skipped cases are not failures), 1 when a case
failed (or --check found the README out of date), 2 on bad arguments or a backend that cannot start.`;

/** A command-line mistake: printed with the usage, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Command = 'run' | 'coverage' | 'list';

export interface CliOptions {
  readonly command: Command;
  readonly imports: readonly string[];
  readonly backends: readonly string[];
  readonly dtype: FloatDType;
  readonly categories?: readonly Category[];
  readonly kernels?: readonly KernelName[];
  readonly filter?: string | RegExp;
  readonly oracle?: string;
  readonly json?: string;
  readonly markdown: boolean;
  readonly readme?: string;
  readonly check: boolean;
  readonly seed?: number;
  readonly numRuns?: number;
  readonly progress: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

function list(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function oneOf<T extends string>(flag: string, values: string[], allowed: readonly T[]): T[] {
  for (const v of values) {
    if (!allowed.includes(v as T)) {
      throw new UsageError(`${flag} ${v}: unknown; expected one of ${allowed.join(', ')}`);
    }
  }
  return values as T[];
}

function integer(flag: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} ${v}: expected an integer >= ${min}`);
  return n;
}

function filterOf(v: string | undefined): string | RegExp | undefined {
  if (v === undefined) return undefined;
  const m = /^\/(.*)\/([a-z]*)$/.exec(v);
  if (!m) return v;
  try {
    return new RegExp(m[1], m[2]);
  } catch (e) {
    throw new UsageError(`--filter ${v}: not a valid regular expression (${(e as Error).message})`);
  }
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`unexpected arguments: ${positionals.slice(1).join(' ')}`);
  const command = (positionals[0] ?? 'run') as Command;
  if (!['run', 'coverage', 'list'].includes(command)) {
    throw new UsageError(`unknown command '${positionals[0]}'; expected run, coverage or list`);
  }
  const opts: CliOptions = {
    command,
    imports: v.import ?? [],
    backends: list(v.backend),
    dtype: oneOf('--dtype', v.dtype === undefined ? ['float32'] : [v.dtype], [
      'float32',
      'float64',
    ] as const)[0],
    categories: v.category ? oneOf('--category', list(v.category), CATEGORIES) : undefined,
    kernels: v.kernel ? oneOf('--kernel', list(v.kernel), KERNEL_NAMES) : undefined,
    filter: filterOf(v.filter),
    oracle: v.oracle,
    json: v.json,
    markdown: v.markdown ?? false,
    readme: v.readme,
    check: v.check ?? false,
    seed: integer('--seed', v.seed, 0),
    numRuns: integer('--num-runs', v['num-runs'], 1),
    progress: !(v['no-progress'] ?? false),
    help: v.help ?? false,
    version: v.version ?? false,
  };
  if (opts.help || opts.version) return opts;
  if (command === 'run') {
    if (opts.imports.length === 0)
      throw new UsageError('--import is required: the module that registers your backend');
    if (opts.backends.length !== 1) throw new UsageError('--backend is required: the one backend to test');
  }
  if (command === 'coverage' && opts.imports.length === 0) {
    throw new UsageError('--import is required: the modules that register the backends to show');
  }
  if (opts.check && !opts.readme) throw new UsageError('--check needs --readme <file>');
  if (opts.readme && command !== 'coverage') throw new UsageError('--readme is for the coverage command');
  return opts;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      import: { type: 'string', multiple: true },
      backend: { type: 'string', multiple: true },
      dtype: { type: 'string' },
      category: { type: 'string', multiple: true },
      kernel: { type: 'string', multiple: true },
      filter: { type: 'string' },
      oracle: { type: 'string' },
      json: { type: 'string' },
      markdown: { type: 'boolean' },
      readme: { type: 'string' },
      check: { type: 'boolean' },
      seed: { type: 'string' },
      'num-runs': { type: 'string' },
      'no-progress': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
}
