/**
 * Vite plugins of the compare page:
 * - `virtual:polygrad-backends`: every backend package found at build time
 *   (same search as the CLI: the workspace, then node_modules), each behind a
 *   dynamic import of its browser entry — a new backend needs no code change;
 * - cross-origin isolation headers (COOP/COEP) on the dev and preview servers,
 *   so SharedArrayBuffer and WebAssembly threads are allowed;
 * - a guard that fails the build when workspace code imports a Node built-in
 *   (packages must not use one outside their `node` entry points).
 */
import { isBuiltin } from 'node:module';
import { sep } from 'node:path';
import type { Plugin, UserConfig } from 'vite';
import { type BackendPackage, findBackendPackages, findWorkspaceRoot } from '../node/discover.js';
import { BROWSER_CONDITIONS, entryFile } from '../node/package-entry.js';

export const BACKENDS_MODULE = 'virtual:polygrad-backends';
const RESOLVED = `\0${BACKENDS_MODULE}`;

export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

export interface CompareVitePluginOptions {
  /** Directories to search for backend packages from (each: its workspace, then node_modules upwards). */
  readonly from: readonly string[];
}

function found(from: readonly string[]): BackendPackage[] {
  const byName = new Map<string, BackendPackage>();
  for (const dir of from)
    for (const p of findBackendPackages(dir)) if (!byName.has(p.name)) byName.set(p.name, p);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The source of `virtual:polygrad-backends`. */
export function backendsModuleSource(packages: readonly BackendPackage[]): string {
  const items = packages.map(
    (p) =>
      `  { name: ${JSON.stringify(p.name)}, version: ${JSON.stringify(p.version)}, load: () => import(${JSON.stringify(entryFile(p.dir, p.manifest, BROWSER_CONDITIONS))}) },`,
  );
  return `export const backendModules = [\n${items.join('\n')}\n];\n`;
}

export function polygradBackends(options: CompareVitePluginOptions): Plugin {
  return {
    name: 'polygrad-backends',
    resolveId(id) {
      return id === BACKENDS_MODULE ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      const packages = found(options.from);
      for (const p of packages) this.addWatchFile(`${p.dir}${sep}package.json`);
      return backendsModuleSource(packages);
    },
  };
}

export function crossOriginIsolation(): Plugin {
  return {
    name: 'polygrad-cross-origin-isolation',
    config: () => ({
      server: { headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS } },
      preview: { headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS } },
    }),
  };
}

/** Fails the build when a module of the workspace (not of node_modules) imports a Node built-in. */
export function noNodeBuiltins(options: CompareVitePluginOptions): Plugin {
  const roots = [...new Set(options.from.map((d) => findWorkspaceRoot(d) ?? d))];
  const inWorkspace = (file: string): boolean =>
    roots.some((r) => file.startsWith(r + sep)) && !file.includes(`${sep}node_modules${sep}`);
  return {
    name: 'polygrad-no-node-builtins',
    enforce: 'pre',
    resolveId(id, importer) {
      if (!importer || !isBuiltin(id)) return null;
      const file = importer.replace(/\?.*$/, '');
      if (inWorkspace(file))
        this.error(
          `${file} imports the Node built-in '${id}': browser bundles must not (move it behind a 'node' entry point)`,
        );
      return null;
    },
  };
}

/** All three, as used by the page's vite.config.ts. */
export function comparePage(options: CompareVitePluginOptions): Plugin[] {
  return [noNodeBuiltins(options), polygradBackends(options), crossOriginIsolation()];
}

export interface ComparePageConfigOptions {
  /** The app's directory (holds index.html). */
  readonly appDir: string;
  /** Extra directories to search for backend packages (tests add a fixture workspace). */
  readonly extraFrom?: readonly string[];
  /** Build output directory (default `<appDir>/dist-web`). */
  readonly outDir?: string;
}

/** The page's whole Vite configuration (vite.config.ts and the browser tests use it). */
export function comparePageConfig(o: ComparePageConfigOptions): UserConfig {
  return {
    root: o.appDir,
    plugins: comparePage({ from: [o.appDir, ...(o.extraFrom ?? [])] }),
    build: {
      outDir: o.outDir ?? 'dist-web',
      emptyOutDir: true,
      target: 'es2022',
      // Not minified: TF.js's threaded wasm module starts its workers from the source text
      // of a function (`fn.toString()`), which minification breaks ("e is not defined").
      minify: false,
      chunkSizeWarningLimit: 8192,
    },
    worker: { format: 'es' },
  };
}
