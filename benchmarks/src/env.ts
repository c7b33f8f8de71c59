/** Where and with what a run happened: machine, Node, Polygrad commit. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { createCpuBackend } from '@polygrad/backend-cpu';

export interface Environment {
  readonly date: string;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly os: string;
    readonly arch: string;
  };
  readonly node: string;
  readonly v8: string;
  readonly polygrad: {
    readonly commit: string;
    readonly dirty: boolean | null;
    /** The CPU backend's own deviceInfo() (threads, which matmul micro-kernel runs). */
    readonly cpuDevice: Readonly<Record<string, string | number | boolean>>;
  };
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function environment(repoDir: string): Environment {
  const cpus = os.cpus();
  const commit = git(['rev-parse', 'HEAD'], repoDir);
  // Earlier result files do not make the measured code dirty.
  const status = git(
    ['status', '--porcelain', '--untracked-files=no', '--', ':(top)', ':(top,exclude)benchmarks/results'],
    repoDir,
  );
  return {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      os: `${os.type()} ${os.release()}`,
      arch: os.arch(),
    },
    node: process.version,
    v8: process.versions.v8,
    polygrad: {
      commit: commit ?? 'unknown (not a git checkout)',
      dirty: status === null ? null : status.length > 0,
      cpuDevice: createCpuBackend().deviceInfo(),
    },
  };
}

/** A short file-name-safe machine label, e.g. "amd-epyc-2c". */
export function machineSlug(env: Environment): string {
  const cpu = env.machine.cpu
    .toLowerCase()
    .replace(/\((r|tm)\)|cpu|processor|@.*$|\d+-core/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 4)
    .join('-');
  return `${cpu || 'cpu'}-${env.machine.cores}c`;
}
