// The pinned pnpm, installed into .tools/ with npm (corepack cannot fetch here, and a global install may need root).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from './system-deps.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const localBin = join(
  root,
  '.tools',
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm',
);

function version(bin) {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Path of a pnpm binary at the pinned version, installing it locally if needed. */
export function ensurePnpm() {
  if (version('pnpm') === pinned) return 'pnpm';
  if (!(existsSync(localBin) && version(localBin) === pinned)) {
    console.log(`> installing pnpm@${pinned} into .tools/ with npm`);
    run('npm', [
      'install',
      '--prefix',
      join(root, '.tools'),
      '--no-save',
      '--no-audit',
      '--no-fund',
      `pnpm@${pinned}`,
    ]);
  }
  // turbo and pnpm scripts look for `pnpm` on PATH, so put the local one first for every child process.
  process.env.PATH = `${dirname(localBin)}${delimiter}${process.env.PATH ?? ''}`;
  return localBin;
}

export function run(cmd, args, opts = {}) {
  console.log(`> ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** System packages (headless-gl's build needs), pnpm install (frozen when a lockfile exists), build every package. */
export function setupAndBuild() {
  // Before `pnpm install`: the `gl` package builds from source during the install and needs them.
  ensureSystemDeps();
  const pnpm = ensurePnpm();
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  run(pnpm, ['install', ...frozen]);
  run(pnpm, ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
  return pnpm;
}
