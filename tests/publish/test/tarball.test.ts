/**
 * What each packed tarball holds, read from the tarball itself: only built
 * output (each file produced by a source file), README, LICENSE and .wasm;
 * `workspace:` ranges replaced by the real versions; source maps that carry
 * their sources; and publint and arethetypeswrong find nothing to report.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, it } from 'vitest';
import { packed } from '../src/packed.js';
import { DEPENDENCY_FIELDS, type PackageJson, readJson } from '../src/workspace.js';

const { packages } = packed();
const versions = new Map(packages.map((p) => [p.name, p.version]));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split('\\').join('/'))
    .sort();
}

/** dist/a/b.js, dist/a/b.d.ts, dist/a/b.js.map -> a/b; null for anything else. */
function builtFrom(file: string): string | null {
  const m = /^dist\/(.+?)(\.d\.ts|\.js|\.js\.map|\.d\.ts\.map)$/.exec(file);
  return m ? m[1] : null;
}

/**
 * Resolutions an ESM-only package does not serve (attw's `esm-only` profile):
 * `node10` has no exports support, `node16-cjs` is `require()`.
 */
const ESM_ONLY_IGNORED = ['node10', 'node16-cjs'];

it('packs every published package', () => {
  expect(packages.length).toBeGreaterThanOrEqual(3);
});

describe.each(packages.map((p) => [p.name, p] as const))('%s tarball', (_name, p) => {
  const files = filesUnder(p.unpacked);

  it('holds package.json, README.md, LICENSE and built files from dist/ only', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
    for (const f of files) {
      expect(f, `${p.name}: unexpected file in the tarball`).toMatch(
        /^(package\.json|README\.md|LICENSE|dist\/.+\.(js|d\.ts|js\.map|wasm))$/,
      );
    }
  });

  it('has no stale build output: every .js and .d.ts comes from a source file', () => {
    const sources = new Set(
      filesUnder(join(p.dir, 'src'))
        .filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !f.endsWith('.d.ts'))
        .map((f) => f.replace(/\.(ts|mts|js|mjs)$/, '')),
    );
    for (const f of files) {
      const base = builtFrom(f);
      if (base !== null) expect(sources.has(base), `${f} has no source in ${p.rel}/src`).toBe(true);
    }
  });

  it('ships source maps that carry their sources (src/ is not published)', () => {
    const maps = files.filter((f) => f.endsWith('.js.map'));
    for (const f of maps) {
      const map = readJson<{ sources: string[]; sourcesContent?: (string | null)[] }>(join(p.unpacked, f));
      expect(map.sourcesContent?.length, `${f}: sourcesContent`).toBe(map.sources.length);
      expect(map.sourcesContent?.every((s) => typeof s === 'string')).toBe(true);
    }
    for (const f of files.filter((g) => g.endsWith('.js'))) {
      const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(p.unpacked, f), 'utf8'));
      if (ref) expect(files, `${f} refers to ${ref[1]}`).toContain(join(f, '..', ref[1]).replace(/\\/g, '/'));
    }
  });

  it('publishes real versions: no workspace: range, @polygrad/* at ^ the version packed with it', () => {
    const raw = readFileSync(join(p.unpacked, 'package.json'), 'utf8');
    expect(raw).not.toContain('workspace:');
    const m = JSON.parse(raw) as PackageJson;
    expect(m.version).toBe(p.version);
    for (const field of DEPENDENCY_FIELDS) {
      for (const [dep, range] of Object.entries(m[field] ?? {})) {
        if (!dep.startsWith('@polygrad/')) continue;
        expect(versions.has(dep), `${field}.${dep} is a published package`).toBe(true);
        expect(range, `${field}.${dep}`).toBe(`^${versions.get(dep)}`);
      }
    }
  });

  it('publint reports nothing, at the suggestion level, strict', async () => {
    const tarball = readFileSync(p.tarball);
    const buffer = tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength);
    const { messages, pkg } = await publint({ pack: { tarball: buffer }, level: 'suggestion', strict: true });
    expect(messages.map((msg) => `${msg.type}: ${formatMessage(msg, pkg) ?? msg.code}`)).toEqual([]);
  });

  it('arethetypeswrong finds no problem for ESM consumers (node16 ESM, bundler)', async () => {
    const analysis = await checkPackage(
      createPackageFromTarballData(new Uint8Array(readFileSync(p.tarball))),
    );
    expect('types' in analysis && analysis.types !== false, 'the package has types').toBe(true);
    if (!('problems' in analysis)) return;
    const problems = analysis.problems.filter(
      (pr) => !('resolutionKind' in pr && ESM_ONLY_IGNORED.includes(pr.resolutionKind)),
    );
    expect(problems.map((pr) => JSON.stringify(pr))).toEqual([]);
    // Every exported subpath was analysed.
    expect(Object.keys(analysis.entrypoints).length).toBeGreaterThan(0);
  });
});

it('the tarballs are made outside the workspace', () => {
  for (const p of packages) expect(relative(p.dir, p.tarball).startsWith('..')).toBe(true);
});
