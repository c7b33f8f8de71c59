/**
 * The workspace as the publish checks see it: every package is discovered from
 * `pnpm-workspace.yaml` and `packages/*`, never listed, so a package that merges
 * later is checked the moment it exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The package.json fields the checks read. */
export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  keywords?: string[];
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string; directory?: string } | string;
  license?: string;
  type?: string;
  sideEffects?: boolean | string[];
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports?: ExportsField;
  files?: string[];
  engines?: Record<string, string>;
  publishConfig?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  packageManager?: string;
}

export type ExportsField = string | { [key: string]: ExportsField };

export interface WorkspacePackage {
  /** Absolute directory. */
  readonly dir: string;
  /** Directory relative to the repository root, with forward slashes (`packages/core`). */
  readonly rel: string;
  readonly manifest: PackageJson;
}

export const DEPENDENCY_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
] as const;

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function rootManifest(): PackageJson {
  return readJson<PackageJson>(join(root, 'package.json'));
}

/** The globs under `packages:` in pnpm-workspace.yaml (`packages/*`, `benchmarks`, …). */
function workspaceGlobs(): string[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) inPackages = line.trim() === 'packages:';
    else if (inPackages) {
      const m = /^\s+-\s+['"]?([^'"#\s]+)['"]?/.exec(line);
      if (m) globs.push(m[1]);
    }
  }
  return globs;
}

function packageAt(dir: string): WorkspacePackage | null {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return null;
  return { dir, rel: relative(root, dir).split('\\').join('/'), manifest: readJson<PackageJson>(file) };
}

function expand(glob: string): string[] {
  if (!glob.endsWith('/*')) return [join(root, glob)];
  const parent = join(root, glob.slice(0, -2));
  if (!existsSync(parent)) return [];
  return readdirSync(parent, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(parent, d.name));
}

/** Every workspace package (packages, apps, benchmarks, tests), sorted by directory. */
export function workspacePackages(): WorkspacePackage[] {
  return workspaceGlobs()
    .flatMap(expand)
    .map(packageAt)
    .filter((p): p is WorkspacePackage => p !== null)
    .sort((a, b) => a.rel.localeCompare(b.rel));
}

/** The packages that are published: every non-private package under packages/. */
export function publishedPackages(): WorkspacePackage[] {
  return workspacePackages().filter((p) => p.rel.startsWith('packages/') && p.manifest.private !== true);
}

/** A package that registers one or more backends when imported (`@polygrad/backend-*`). */
export function isBackendPackage(name: string): boolean {
  return name.startsWith('@polygrad/backend-');
}
