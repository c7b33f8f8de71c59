/**
 * The workspace's backend packages (every `packages/*` named `@polygrad/backend-*`),
 * each imported to see which backends it registers, for the coverage matrix in
 * its README. A backend package that lands later is picked up by its name alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listBackends } from '@polygrad/core';

export interface BackendPackage {
  readonly name: string;
  readonly dir: string;
  readonly readme: string;
  /** The built module Node imports (the `node` or `import` condition of exports["."], else main). */
  readonly entry: string;
  /** Its TypeScript source (src/… for dist/…), for tests that run from source. */
  readonly source: string;
}

interface PackageJson {
  name?: string;
  main?: string;
  exports?: Record<string, string | Record<string, string>>;
}

export function findBackendPackages(root: string): BackendPackage[] {
  const dir = join(root, 'packages');
  const out: BackendPackage[] = [];
  for (const d of readdirSync(dir).sort()) {
    const file = join(dir, d, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
    if (!pkg.name?.startsWith('@polygrad/backend-')) continue;
    const dot = pkg.exports?.['.'];
    const rel = (typeof dot === 'string' ? dot : (dot?.node ?? dot?.import ?? dot?.default)) ?? pkg.main;
    if (!rel) throw new Error(`${pkg.name}: package.json names no entry (exports["."] or main)`);
    out.push({
      name: pkg.name,
      dir: join(dir, d),
      readme: join(dir, d, 'README.md'),
      entry: join(dir, d, rel),
      source: join(dir, d, rel.replace(/^(\.\/)?dist\//, 'src/').replace(/\.js$/, '.ts')),
    });
  }
  return out;
}

/** Import each package (built entry or source) and note the backend names it registered. */
export async function registeredByPackage(
  packages: readonly BackendPackage[],
  from: 'entry' | 'source',
): Promise<{ pkg: BackendPackage; backends: string[] }[]> {
  const out: { pkg: BackendPackage; backends: string[] }[] = [];
  for (const pkg of packages) {
    const before = new Set((await listBackends()).map((b) => b.name));
    await import(pathToFileURL(pkg[from]).href);
    const backends = (await listBackends())
      .map((b) => b.name)
      .filter((n) => !before.has(n))
      .sort();
    out.push({ pkg, backends });
  }
  return out;
}
