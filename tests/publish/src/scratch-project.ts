/**
 * A fresh project outside the workspace that installs every published package
 * with plain npm, as a user would (`npm install @polygrad/core @polygrad/backend-cpu …`),
 * from the local registry (src/local-registry.ts). Backends' optional peers are
 * installed too, so every backend gets its chance to run.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalRegistry, startLocalRegistry } from './local-registry.js';
import type { PackedSet } from './packed.js';
import { cleanEnv } from './pnpm.js';
import { mustRun } from './run.js';
import { isBackendPackage, type PackageJson, readJson, root } from './workspace.js';

export interface ScratchProject {
  readonly dir: string;
  readonly registry: LocalRegistry;
  /** What npm printed. */
  readonly npmOutput: string;
  /** The dependencies the project asked for (package -> range). */
  readonly requested: Readonly<Record<string, string>>;
}

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Plain npm with a private cache and config, against the local registry only. */
export function npmArgs(project: string, registry: string): string[] {
  return [
    `--registry=${registry}`,
    `--cache=${join(project, '..', 'npm-cache')}`,
    `--userconfig=${join(project, '..', 'npmrc')}`,
    '--no-audit',
    '--no-fund',
    '--no-update-notifier',
    // Install scripts are not run: third-party native add-ons come already built from the workspace.
    '--ignore-scripts',
  ];
}

/**
 * The workspace removes some third-party dependencies with pnpm overrides (`"parent>dep": "-"` in
 * pnpm-workspace.yaml, e.g. gpu.js's unused 84 MB `webgpu`), so they are not in its store to serve. The
 * project does the same with npm: each is overridden by an empty local package.
 */
function removedByWorkspace(tmp: string): Record<string, Record<string, string>> {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const out: Record<string, Record<string, string>> = {};
  let inOverrides = false;
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) inOverrides = line.trim() === 'overrides:';
    const m = inOverrides ? /^\s+["']?([^"'\s>]+)>([^"'\s]+)["']?\s*:\s*["']-["']/.exec(line) : null;
    if (!m) continue;
    const [, parent, dep] = m;
    const dir = join(tmp, 'removed-by-workspace', dep);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: dep, version: '0.0.0-removed' }));
    out[parent] = { ...out[parent], [dep]: `file:${dir}` };
  }
  return out;
}

export async function installScratchProject(set: PackedSet): Promise<ScratchProject> {
  const registry = await startLocalRegistry(root, set.packages);
  try {
    const dir = join(set.tmp, 'project');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(set.tmp, 'npmrc'), '');
    const requested: Record<string, string> = {};
    for (const p of set.packages) {
      requested[p.name] = `^${p.version}`;
      if (!isBackendPackage(p.name)) continue;
      const m = readJson<PackageJson>(join(p.unpacked, 'package.json'));
      for (const [peer, range] of Object.entries(m.peerDependencies ?? {})) {
        if (!peer.startsWith('@polygrad/') && m.peerDependenciesMeta?.[peer]?.optional)
          requested[peer] = range;
      }
    }
    const overrides = removedByWorkspace(set.tmp);
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: 'polygrad-user-project', private: true, type: 'module', overrides }, null, 2)}\n`,
    );
    const specs = Object.entries(requested).map(([name, range]) => `${name}@${range}`);
    const npmOutput = await mustRun('npm', ['install', ...npmArgs(dir, registry.url), ...specs], {
      cwd: dir,
      env: cleanEnv(),
    });
    for (const f of readdirSync(fixtures)) cpSync(join(fixtures, f), join(dir, f));
    return { dir, registry, npmOutput, requested };
  } catch (e) {
    await registry.close();
    throw e;
  }
}
