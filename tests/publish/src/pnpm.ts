import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, rootManifest } from './workspace.js';

/** The pinned pnpm: on the PATH, or the copy `npm test` installs into .tools/. */
export function pnpmBinary(): string {
  const pinned = rootManifest().packageManager?.split('@')[1];
  const version = (bin: string) => spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version('pnpm') === pinned) return 'pnpm';
  const local = join(
    root,
    '.tools',
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm',
  );
  if (existsSync(local)) return local;
  throw new Error(`pnpm ${pinned} is not on the PATH or in .tools/: run npm test, which installs it`);
}

/** The environment without the npm_config_* settings a pnpm or npm parent passes down. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')),
  );
  return { ...env, ...extra };
}
