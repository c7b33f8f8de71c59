import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { Environment } from '../run/model.js';

function commit(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short=10', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

export function nodeEnvironment(cwd: string): Environment {
  const cpus = os.cpus();
  return {
    runtime: `Node ${process.version}`,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? null,
    cores: cpus.length,
    crossOriginIsolated: null,
    commit: commit(cwd),
  };
}
