/**
 * Resolves a package's entry file from its package.json the way Node or a
 * browser bundler would (the `exports` map with conditions, else `module` /
 * `main`), for packages the app imports by path rather than by dependency.
 */
import { join } from 'node:path';
import type { PackageManifest } from './discover.js';

export const NODE_CONDITIONS = ['node', 'import', 'default'] as const;
export const BROWSER_CONDITIONS = ['browser', 'import', 'module', 'default'] as const;

function pick(target: unknown, conditions: readonly string[]): string | null {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = pick(t, conditions);
      if (r) return r;
    }
    return null;
  }
  if (target && typeof target === 'object') {
    for (const [key, value] of Object.entries(target as Record<string, unknown>)) {
      if (key === 'types') continue;
      if (conditions.includes(key)) {
        const r = pick(value, conditions);
        if (r) return r;
      }
    }
  }
  return null;
}

/** The `exports` entry for `subpath` ('.' or './node'), or null when the map has none. */
export function exportTarget(
  manifest: PackageManifest,
  subpath: string,
  conditions: readonly string[],
): string | null {
  const ex = manifest.exports;
  if (ex === undefined || ex === null) return null;
  const isSubpathMap =
    typeof ex === 'object' && !Array.isArray(ex) && Object.keys(ex).some((k) => k.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? pick(ex, conditions) : null;
  const entry = (ex as Record<string, unknown>)[subpath];
  return entry === undefined ? null : pick(entry, conditions);
}

/** Absolute path of the package's main entry for the given conditions. */
export function entryFile(dir: string, manifest: PackageManifest, conditions: readonly string[]): string {
  const target =
    exportTarget(manifest, '.', conditions) ??
    (conditions.includes('browser') || conditions.includes('module') ? manifest.module : undefined) ??
    manifest.main ??
    'index.js';
  return join(dir, target);
}

/** Absolute path of the package's `./node` entry point (Node-only set-up), or null. */
export function nodeEntryFile(dir: string, manifest: PackageManifest): string | null {
  const target = exportTarget(manifest, './node', NODE_CONDITIONS);
  return target ? join(dir, target) : null;
}
