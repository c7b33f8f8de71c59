/**
 * Registers every backend package of this workspace (packages/backend-*), so
 * the cross-backend tests run on whichever backends exist — today cpu; wasm,
 * webgl and tfjs as they land — without editing the test. Each package is
 * imported through the entry Node users get (the `node` export condition when
 * it has one), read from its TypeScript source when the source twin of the
 * built file exists: this app's tests run core and the CPU backend from source
 * (vitest.config.ts), and one module instance per package keeps one registry.
 * Importing a package registers its backend.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGES = join(dirname(fileURLToPath(import.meta.url)), '../../../packages');

interface PackageJson {
  name: string;
  main?: string;
  exports?: Record<string, string | Record<string, string>>;
}

/** The file Node would load for `import '<package>'`, or its source twin (dist/x.js → src/x.ts) when present. */
function entryOf(dir: string, pkg: PackageJson): string {
  const root = pkg.exports?.['.'];
  const rel =
    typeof root === 'string' ? root : (root?.node ?? root?.import ?? root?.default ?? pkg.main ?? 'index.js');
  const source = rel.replace(/^\.?\/?dist\//, 'src/').replace(/\.js$/, '.ts');
  return existsSync(join(dir, source)) ? join(dir, source) : join(dir, rel);
}

export interface WorkspaceBackendPackage {
  readonly name: string;
  readonly entry: string;
}

/** Backend packages of the workspace, by directory name. */
export function workspaceBackendPackages(): WorkspaceBackendPackage[] {
  return readdirSync(PACKAGES)
    .filter((d) => d.startsWith('backend-') && existsSync(join(PACKAGES, d, 'package.json')))
    .sort()
    .map((d) => {
      const dir = join(PACKAGES, d);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      return { name: pkg.name, entry: entryOf(dir, pkg) };
    });
}

/** Import every workspace backend package (each registers its backend on import); throws naming any that fails. */
export async function registerWorkspaceBackends(): Promise<WorkspaceBackendPackage[]> {
  const packages = workspaceBackendPackages();
  for (const p of packages) {
    if (!existsSync(p.entry)) throw new Error(`${p.name}: entry ${p.entry} is missing (run the build first)`);
    await import(pathToFileURL(p.entry).href);
  }
  return packages;
}
