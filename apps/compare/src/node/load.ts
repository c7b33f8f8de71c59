/** Node: import the backend packages found on disk (the `./node` entry too, when a package has one). */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BackendModule } from '../run/backends.js';
import { type BackendPackage, findBackendPackages } from './discover.js';
import { entryFile, NODE_CONDITIONS, nodeEntryFile } from './package-entry.js';

export function nodeModuleOf(pkg: BackendPackage): BackendModule {
  return {
    name: pkg.name,
    version: pkg.version,
    load: async () => {
      const files = [entryFile(pkg.dir, pkg.manifest, NODE_CONDITIONS), nodeEntryFile(pkg.dir, pkg.manifest)];
      for (const file of files) {
        if (file === null) continue;
        if (!existsSync(file))
          throw new Error(`${pkg.name}: ${file} does not exist (is the package built? run \`pnpm build\`)`);
        await import(pathToFileURL(file).href);
      }
    },
  };
}

/** Every backend package reachable from `from`, ready to import. */
export function nodeBackendModules(from: string): BackendModule[] {
  return findBackendPackages(from).map(nodeModuleOf);
}
