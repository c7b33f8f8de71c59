/**
 * Finds every installed Polygrad backend package (`@polygrad/backend-*`), so a
 * backend appears in the comparison by being present — no list to edit.
 *
 * Two places are searched from a starting directory:
 * - the enclosing pnpm workspace (the packages its `pnpm-workspace.yaml` lists), and
 * - every `node_modules/@polygrad/` on the way up (a published install).
 * The first found wins for a given package name. The Vite page uses the same
 * search at build time (see `../vite/plugin.ts`).
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const BACKEND_PACKAGE_PREFIX = '@polygrad/backend-';

export interface BackendPackage {
  /** Package name, e.g. `@polygrad/backend-cpu`. */
  readonly name: string;
  readonly version: string;
  /** Real directory of the package. */
  readonly dir: string;
  readonly source: 'workspace' | 'node_modules';
  /** Parsed package.json. */
  readonly manifest: PackageManifest;
}

export interface PackageManifest {
  readonly name?: string;
  readonly version?: string;
  readonly main?: string;
  readonly module?: string;
  readonly exports?: unknown;
}

function readManifest(dir: string): PackageManifest | null {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageManifest;
  } catch {
    return null;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest directory at or above `from` holding `pnpm-workspace.yaml`, or null. */
export function findWorkspaceRoot(from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * The package globs of a `pnpm-workspace.yaml` (its `packages:` list). Only the
 * forms a workspace uses here are understood: `dir`, `dir/*`; negations are skipped.
 */
export function workspaceGlobs(yaml: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const raw of yaml.split('\n')) {
    const line = raw.replace(/#.*$/, '');
    if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line);
    else if (inPackages) {
      const m = /^\s+-\s*['"]?([^'"\s]+)['"]?\s*$/.exec(line);
      if (m && !m[1].startsWith('!')) globs.push(m[1]);
    }
  }
  return globs;
}

function workspaceDirs(root: string): string[] {
  const globs = workspaceGlobs(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'));
  const dirs: string[] = [];
  for (const g of globs) {
    if (g.endsWith('/*')) {
      const parent = join(root, g.slice(0, -2));
      if (!isDir(parent)) continue;
      for (const e of readdirSync(parent).sort()) if (isDir(join(parent, e))) dirs.push(join(parent, e));
    } else if (!g.includes('*')) {
      dirs.push(join(root, g));
    }
  }
  return dirs;
}

function nodeModulesDirs(from: string): string[] {
  const dirs: string[] = [];
  let dir = resolve(from);
  for (;;) {
    const scope = join(dir, 'node_modules', '@polygrad');
    if (isDir(scope))
      for (const e of readdirSync(scope).sort())
        if (`@polygrad/${e}`.startsWith(BACKEND_PACKAGE_PREFIX)) dirs.push(join(scope, e));
    const up = dirname(dir);
    if (up === dir) return dirs;
    dir = up;
  }
}

/** Every `@polygrad/backend-*` package reachable from `from`, workspace packages first, by name. */
export function findBackendPackages(from: string): BackendPackage[] {
  const found = new Map<string, BackendPackage>();
  const consider = (dir: string, source: BackendPackage['source']): void => {
    const manifest = readManifest(dir);
    const name = manifest?.name;
    if (!manifest || !name?.startsWith(BACKEND_PACKAGE_PREFIX) || found.has(name)) return;
    found.set(name, { name, version: manifest.version ?? '0.0.0', dir: realpathSync(dir), source, manifest });
  };
  const root = findWorkspaceRoot(from);
  if (root) for (const dir of workspaceDirs(root)) consider(dir, 'workspace');
  for (const dir of nodeModulesDirs(from)) consider(dir, 'node_modules');
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}
