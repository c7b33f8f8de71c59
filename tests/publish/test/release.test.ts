/**
 * A rehearsal of the release, on a copy of the workspace (its manifests,
 * READMEs, LICENSEs, built dist/ and .changeset/) in a scratch git repository:
 * `pnpm version-packages` applies the pending changesets, then the real
 * `changeset publish` publishes every package with pnpm to a local registry
 * (nothing leaves the machine). The checks: one version for every package
 * (the fixed group) that stays below 1.0.0 unless a changeset asks for major,
 * CHANGELOGs written, every package published publicly once at that version
 * with `workspace:` ranges turned into `^<that version>`, and git tags made.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRegistry, startLocalRegistry } from '../src/local-registry.js';
import { packed } from '../src/packed.js';
import { cleanEnv, pnpmBinary } from '../src/pnpm.js';
import { mustRun } from '../src/run.js';
import {
  DEPENDENCY_FIELDS,
  type PackageJson,
  publishedPackages,
  readJson,
  root,
  rootManifest,
  workspacePackages,
} from '../src/workspace.js';

const set = packed();
const scratch = join(set.tmp, 'release');
const published = publishedPackages();
const TOKEN = 'release-rehearsal-token';
let registry: LocalRegistry | null = null;

interface PendingRelease {
  readonly name: string;
  readonly type: 'major' | 'minor' | 'patch' | 'none';
}

/** The bump each package's pending changesets ask for (front matter of .changeset/*.md). */
function requestedBumps(): Map<string, PendingRelease['type']> {
  const order = ['none', 'patch', 'minor', 'major'] as const;
  const out = new Map<string, PendingRelease['type']>();
  const dir = join(root, '.changeset');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.md') && n !== 'README.md')) {
    const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, f), 'utf8'))?.[1] ?? '';
    for (const line of front.split('\n')) {
      const m = /^\s*['"]?([^'":]+)['"]?\s*:\s*(major|minor|patch|none)\s*$/.exec(line);
      if (!m) continue;
      const prev = out.get(m[1]) ?? 'none';
      out.set(
        m[1],
        order.indexOf(m[2] as PendingRelease['type']) > order.indexOf(prev)
          ? (m[2] as PendingRelease['type'])
          : prev,
      );
    }
  }
  return out;
}

/** The files of a gzipped npm tarball (ustar, as npm and pnpm write it), by path without `package/`. */
function tarballFiles(tgz: Buffer): Map<string, string> {
  const tar = gunzipSync(tgz);
  const field = (off: number, len: number) =>
    tar
      .subarray(off, off + len)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  const files = new Map<string, string>();
  for (let off = 0; off + 512 <= tar.length; ) {
    const name = field(off, 100);
    if (name === '') break;
    const prefix = field(off + 345, 155);
    const size = Number.parseInt(field(off + 124, 12).trim(), 8);
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^package\//, '');
    files.set(path, tar.subarray(off + 512, off + 512 + size).toString('utf8'));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

const git = (...args: string[]) =>
  mustRun('git', args, {
    cwd: scratch,
    env: cleanEnv({
      GIT_AUTHOR_NAME: 'release rehearsal',
      GIT_AUTHOR_EMAIL: 'rehearsal@polygrad.invalid',
      GIT_COMMITTER_NAME: 'release rehearsal',
      GIT_COMMITTER_EMAIL: 'rehearsal@polygrad.invalid',
    }),
  });

const before = new Map(published.map((p) => [p.manifest.name, p.manifest.version]));
const bumps = requestedBumps();
let versionOutput = '';
let publishOutput = '';

beforeAll(async () => {
  mkdirSync(scratch, { recursive: true });
  for (const f of ['package.json', 'pnpm-workspace.yaml', 'LICENSE', 'README.md']) {
    cpSync(join(root, f), join(scratch, f));
  }
  cpSync(join(root, '.changeset'), join(scratch, '.changeset'), { recursive: true });
  cpSync(join(root, 'scripts', 'version-packages.mjs'), join(scratch, 'scripts', 'version-packages.mjs'));
  for (const p of workspacePackages()) {
    const to = join(scratch, p.rel);
    mkdirSync(to, { recursive: true });
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
      if (existsSync(join(p.dir, f))) cpSync(join(p.dir, f), join(to, f));
    }
    if (p.rel.startsWith('packages/') && existsSync(join(p.dir, 'dist'))) {
      cpSync(join(p.dir, 'dist'), join(to, 'dist'), { recursive: true });
    }
  }
  // The tools (changesets) come from the workspace; workspace links as `pnpm install` makes them, which
  // pnpm reads to replace `workspace:` ranges with the linked package's version.
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  const dirOf = new Map(workspacePackages().map((p) => [p.manifest.name, join(scratch, p.rel)]));
  for (const p of published) {
    for (const field of DEPENDENCY_FIELDS) {
      for (const dep of Object.keys(p.manifest[field] ?? {})) {
        const target = dirOf.get(dep);
        const link = join(scratch, p.rel, 'node_modules', dep);
        if (!target || existsSync(link)) continue;
        mkdirSync(dirname(link), { recursive: true });
        symlinkSync(target, link, 'dir');
      }
    }
  }
  writeFileSync(join(scratch, '.gitignore'), 'node_modules\n');
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'rehearsal');

  versionOutput = await mustRun(process.execPath, ['scripts/version-packages.mjs'], {
    cwd: scratch,
    env: cleanEnv(),
  });
  await git('add', '-A');
  await git('commit', '-q', '-m', 'version packages');

  registry = await startLocalRegistry(root, [], { acceptPublish: { token: TOKEN } });
  const host = registry.url.replace(/^http:/, '');
  const npmrc = join(set.tmp, 'release-npmrc');
  writeFileSync(npmrc, `${host}/:_authToken=${TOKEN}\n`);
  const pnpm = pnpmBinary();
  const path = pnpm === 'pnpm' ? process.env.PATH : `${dirname(pnpm)}${delimiter}${process.env.PATH}`;
  publishOutput = await mustRun(
    process.execPath,
    [join(root, 'node_modules', '@changesets', 'cli', 'bin.js'), 'publish'],
    {
      cwd: scratch,
      env: cleanEnv({
        PATH: path ?? '',
        npm_config_registry: `${registry.url}/`,
        npm_config_userconfig: npmrc,
        npm_config_cache: join(set.tmp, 'release-npm-cache'),
      }),
    },
  );
}, 600_000);

afterAll(async () => {
  await registry?.close();
});

const versioned = () =>
  new Map(
    published.map((p) => [p.manifest.name, readJson<PackageJson>(join(scratch, p.rel, 'package.json'))]),
  );

describe('pnpm version-packages', () => {
  it('gives every published package one new version, below 1.0.0 unless a changeset asks for major', () => {
    const after = versioned();
    const versions = new Set([...after.values()].map((m) => m.version));
    expect(versions.size, `${versionOutput}\none version for the fixed group`).toBe(1);
    const [version] = versions;
    const wantsMajor = [...bumps.values()].includes('major');
    for (const [name, old] of before) {
      if (old.startsWith('0.') && !wantsMajor)
        expect(version, `${name} ${old} -> ${version}`).toMatch(/^0\./);
    }
    if (bumps.size > 0) expect(version).not.toBe([...before.values()][0]);
  });

  it('writes each package a CHANGELOG entry for the new version and consumes the changesets', () => {
    const after = versioned();
    for (const p of published) {
      const log = readFileSync(join(scratch, p.rel, 'CHANGELOG.md'), 'utf8');
      expect(log).toContain(`# ${p.manifest.name}`);
      expect(log).toContain(`## ${after.get(p.manifest.name)?.version}`);
    }
    const left = readdirSync(join(scratch, '.changeset')).filter(
      (f) => f.endsWith('.md') && f !== 'README.md',
    );
    expect(left).toEqual([]);
  });

  it('leaves the workspace: ranges and peer dependencies as they were', () => {
    const after = versioned();
    for (const p of published) {
      const m = after.get(p.manifest.name) as PackageJson;
      for (const field of DEPENDENCY_FIELDS)
        expect(m[field], `${p.manifest.name} ${field}`).toEqual(p.manifest[field]);
    }
  });
});

describe('changeset publish (to a local registry)', () => {
  it('publishes every package once, publicly, at the new version, under the latest tag', () => {
    const after = versioned();
    const got = [...(registry?.published.keys() ?? [])].sort();
    const want = [...after].map(([name, m]) => `${name}@${m.version}`).sort();
    expect(got, publishOutput).toEqual(want);
    for (const v of registry?.published.values() ?? []) {
      expect(v.access).toBe('public');
      expect(v.distTags.latest).toBe(v.manifest.version);
    }
  });

  it('publishes built files, README and LICENSE, with real ranges: @polygrad/* at ^ the new version', () => {
    for (const [key, v] of registry?.published ?? []) {
      const files = tarballFiles(v.tarball);
      for (const f of files.keys()) {
        expect(f, `${key}: unexpected file`).toMatch(
          /^(package\.json|README\.md|LICENSE|dist\/.+\.(js|d\.ts|js\.map|wasm))$/,
        );
      }
      const text = files.get('package.json') ?? null;
      expect(text, `${key}: package.json in the tarball`).not.toBeNull();
      expect(text).not.toContain('workspace:');
      const m = JSON.parse(text as string) as PackageJson;
      for (const field of DEPENDENCY_FIELDS) {
        for (const [dep, range] of Object.entries(m[field] ?? {})) {
          if (dep.startsWith('@polygrad/')) expect(range, `${key} ${field}.${dep}`).toBe(`^${m.version}`);
        }
      }
    }
  });

  it('tags the release in git, one tag per package', async () => {
    const tags = (await git('tag', '--list')).trim().split('\n').sort();
    expect(tags).toEqual([...versioned()].map(([name, m]) => `${name}@${m.version}`).sort());
  });

  it('is what `pnpm release` runs after the build and the publish checks', () => {
    const scripts = rootManifest().scripts ?? {};
    expect(scripts['version-packages']).toBe('node scripts/version-packages.mjs');
    expect(scripts.release).toMatch(/^pnpm build && pnpm test:publish && changeset publish$/);
    expect(scripts['test:publish']).toBe('vitest run --project publish');
  });
});
