import { parseArgs } from 'node:util';
import type { FloatDType } from '@polygrad/conformance';

export interface CliOptions {
  readonly quick: boolean;
  readonly mnist: boolean;
  readonly mnistEpochs: number | null;
  readonly mnistLimit: number | null;
  /** Only these backends (null: every available one). */
  readonly backends: readonly string[] | null;
  /** Only these TF.js peers (null: every available one; []: none). */
  readonly peers: readonly string[] | null;
  readonly dtypes: readonly FloatDType[];
  readonly conformance: boolean;
  readonly speed: boolean;
  /** Directory for compare.json and compare.html (null: <workspace>/reports). */
  readonly out: string | null;
  readonly help: boolean;
}

export const USAGE = `usage: pnpm compare [--quick] [--mnist] [--backends cpu,wasm,...] [--peers tfjs-cpu,tfjs-wasm | --no-peers]
                    [--dtypes float32,float64] [--no-conformance] [--no-speed] [--out DIR]
                    [--mnist-epochs N] [--mnist-limit N]

Runs the conformance suite and the speed set on every available Polygrad backend
(and TF.js beside them), prints a correctness matrix and a speed table, and writes
reports/compare.json and reports/compare.html.
  --quick          smaller speed set and sampling budget (under a minute)
  --mnist          also train MNIST to 96% on every backend with the same seed
  --backends LIST  only these backends (default: every available one)
  --peers LIST     only these TF.js peers; --no-peers for none
  --dtypes LIST    float dtypes of the conformance runs (default float32,float64)
  --out DIR        where to write the reports (default: reports/ at the workspace root)`;

function list(v: string | undefined): string[] | null {
  return v === undefined
    ? null
    : v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
}

function positiveInt(flag: string, v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} ${v}: expected a positive integer\n${USAGE}`);
  return n;
}

export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      mnist: { type: 'boolean', default: false },
      'mnist-epochs': { type: 'string' },
      'mnist-limit': { type: 'string' },
      backends: { type: 'string' },
      peers: { type: 'string' },
      'no-peers': { type: 'boolean', default: false },
      dtypes: { type: 'string' },
      'no-conformance': { type: 'boolean', default: false },
      'no-speed': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const dtypes = list(values.dtypes) ?? ['float32', 'float64'];
  for (const d of dtypes)
    if (d !== 'float32' && d !== 'float64')
      throw new Error(`--dtypes: '${d}' is not a float dtype; expected float32 and/or float64\n${USAGE}`);
  return {
    quick: values.quick ?? false,
    mnist: values.mnist ?? false,
    mnistEpochs: positiveInt('--mnist-epochs', values['mnist-epochs']),
    mnistLimit: positiveInt('--mnist-limit', values['mnist-limit']),
    backends: list(values.backends),
    peers: values['no-peers'] ? [] : list(values.peers),
    dtypes: dtypes as FloatDType[],
    conformance: !values['no-conformance'],
    speed: !values['no-speed'],
    out: values.out ?? null,
    help: values.help ?? false,
  };
}
