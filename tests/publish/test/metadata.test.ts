/**
 * Every package under packages/ carries the metadata a registry page and a
 * bundler need; apps, benchmarks and these tests stay private. The packages are
 * discovered, so a new backend is held to the same rules when it merges.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEPENDENCY_FIELDS,
  type ExportsField,
  publishedPackages,
  root,
  rootManifest,
  workspacePackages,
} from '../src/workspace.js';

const rootPkg = rootManifest();
const repository = rootPkg.repository as { type: string; url: string };
/** https://github.com/owner/name, from the root's git+https://github.com/owner/name.git. */
const repoWeb = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const license = readFileSync(join(root, 'LICENSE'), 'utf8');

/** Every condition object of an exports map, with its subpath. */
function conditionObjects(exp: ExportsField, path: string[] = []): { path: string; keys: string[] }[] {
  if (typeof exp === 'string') return [];
  const keys = Object.keys(exp);
  const own = keys.some((k) => !k.startsWith('.')) ? [{ path: path.join(' > ') || '.', keys }] : [];
  return [...own, ...keys.flatMap((k) => conditionObjects(exp[k], [...path, k]))];
}

/** Every file target of an exports map. */
function targets(exp: ExportsField): string[] {
  return typeof exp === 'string' ? [exp] : Object.values(exp).flatMap(targets);
}

const packages = publishedPackages();

it('finds the published packages under packages/', () => {
  expect(packages.map((p) => p.manifest.name)).toEqual(
    expect.arrayContaining(['@polygrad/core', '@polygrad/backend-cpu', '@polygrad/conformance']),
  );
});

it('keeps everything outside packages/ private', () => {
  const outside = workspacePackages().filter((p) => !p.rel.startsWith('packages/'));
  expect(outside.length).toBeGreaterThan(0);
  for (const p of outside) expect(p.manifest.private, `${p.rel} must be private`).toBe(true);
});

describe.each(packages.map((p) => [p.manifest.name, p] as const))('%s', (name, p) => {
  const m = p.manifest;

  it('describes itself for the registry: description, keywords, license, repository, homepage, bugs', () => {
    expect(m.description?.length ?? 0).toBeGreaterThan(20);
    expect(m.keywords).toContain('polygrad');
    expect(m.keywords?.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(m.license).toBe('MIT');
    expect(m.repository).toEqual({ type: 'git', url: repository.url, directory: p.rel });
    expect(m.homepage).toBe(`${repoWeb}/tree/main/${p.rel}#readme`);
    expect(m.bugs).toEqual({ url: `${repoWeb}/issues` });
  });

  it('ships the license text, identical to the repository LICENSE', () => {
    const file = join(p.dir, 'LICENSE');
    expect(existsSync(file), `${p.rel}/LICENSE`).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(license);
  });

  it('is an ESM package for the Node versions the repository supports, published publicly', () => {
    expect(m.type).toBe('module');
    expect(m.engines).toEqual({ node: rootPkg.engines?.node });
    expect(m.publishConfig).toEqual({ access: 'public' });
  });

  it('publishes only built output, .wasm, README and LICENSE (`files`)', () => {
    expect(m.files).toBeDefined();
    for (const f of m.files ?? []) {
      expect(f, `files entry ${f}`).toMatch(/^(!?dist(\/.*)?|README\.md|LICENSE|.*\.wasm)$/);
    }
    expect(m.files).toEqual(expect.arrayContaining(['README.md', 'LICENSE']));
  });

  it('declares sideEffects (false, or the files that register on import)', () => {
    const s = m.sideEffects;
    expect(typeof s === 'boolean' || Array.isArray(s), 'sideEffects must be declared').toBe(true);
    if (Array.isArray(s)) {
      expect(s.length).toBeGreaterThan(0);
      for (const f of s)
        expect(existsSync(join(p.dir, f)), `sideEffects entry ${f} exists after build`).toBe(true);
    }
  });

  it('has an exports map with `types` first in every condition object, pointing at built files', () => {
    expect(m.exports, 'exports').toBeDefined();
    const exp = m.exports as ExportsField;
    expect(typeof exp === 'object' && '.' in exp, 'exports has "."').toBe(true);
    for (const c of conditionObjects(exp)) {
      expect(c.keys[0], `exports ${c.path}: first condition`).toBe('types');
      if (c.keys.includes('default'))
        expect(c.keys.at(-1), `exports ${c.path}: default last`).toBe('default');
    }
    for (const t of targets(exp)) {
      expect(t, 'export target').toMatch(/^\.\/dist\//);
      expect(existsSync(join(p.dir, t)), `${p.rel}/${t} exists after build`).toBe(true);
    }
    const dot = (exp as Record<string, ExportsField>)['.'];
    expect(m.types, 'top-level types = exports["."].types (for tools without exports support)').toBe(
      typeof dot === 'object' ? dot.types : undefined,
    );
  });

  if (name !== '@polygrad/core')
    it('takes @polygrad/core as a peer (one copy of core, one backend registry), linked for development', () => {
      expect(m.peerDependencies?.['@polygrad/core']).toBe('workspace:^');
      expect(m.devDependencies?.['@polygrad/core']).toBe('workspace:^');
      expect(m.dependencies?.['@polygrad/core']).toBeUndefined();
      expect(m.optionalDependencies?.['@polygrad/core']).toBeUndefined();
    });

  it('refers to other workspace packages with workspace: ranges only', () => {
    for (const field of DEPENDENCY_FIELDS) {
      for (const [dep, range] of Object.entries(m[field] ?? {})) {
        if (dep.startsWith('@polygrad/')) expect(range, `${field}.${dep}`).toMatch(/^workspace:/);
      }
    }
  });

  it('builds from an empty dist/, so no stale output is packed', () => {
    expect(m.scripts?.build ?? '').toMatch(/^node \.\.\/\.\.\/scripts\/clean-dist\.mjs && /);
  });
});
