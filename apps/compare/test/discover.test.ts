/** Backend packages are found by being present: in a workspace, or installed under node_modules. */
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeBackend } from '@polygrad/core';
import { afterAll, describe, expect, it } from 'vitest';
import { findBackendPackages, findWorkspaceRoot, workspaceGlobs } from '../src/node/discover.js';
import { nodeBackendModules } from '../src/node/load.js';
import { BROWSER_CONDITIONS, entryFile, NODE_CONDITIONS, nodeEntryFile } from '../src/node/package-entry.js';
import { describeBackends, loadBackendModules } from '../src/run/backends.js';
import { APP_DIR, FIXTURE_WORKSPACE, REPO_ROOT } from './helpers.js';

describe('workspace discovery', () => {
  it('reads the package globs of pnpm-workspace.yaml', () => {
    expect(
      workspaceGlobs(
        'packages:\n  - packages/*\n  - "apps/*"\n  - benchmarks # x\n  - "!skip"\nother:\n  - no\n',
      ),
    ).toEqual(['packages/*', 'apps/*', 'benchmarks']);
  });

  it('finds the nearest workspace root', () => {
    expect(findWorkspaceRoot(join(FIXTURE_WORKSPACE, 'packages', 'backend-echo'))).toBe(
      FIXTURE_WORKSPACE.replace(/\/$/, ''),
    );
    expect(findWorkspaceRoot(APP_DIR)).toBe(REPO_ROOT.replace(/\/$/, ''));
  });

  it('lists every @polygrad/backend-* package of the repository, none else', () => {
    const found = findBackendPackages(APP_DIR).map((p) => p.name);
    const onDisk = readdirSync(join(REPO_ROOT, 'packages'))
      .filter((d) => d.startsWith('backend-'))
      .map((d) => `@polygrad/${d}`)
      .sort();
    expect(found).toEqual(onDisk);
    expect(found).toContain('@polygrad/backend-cpu');
  });

  it('lists the fixture workspace’s backend packages, skipping non-backends', () => {
    const found = findBackendPackages(FIXTURE_WORKSPACE);
    const names = found.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '@polygrad/backend-broken',
        '@polygrad/backend-echo',
        '@polygrad/backend-unbuilt',
      ]),
    );
    expect(names).not.toContain('@polygrad/not-a-backend');
    expect(found.find((p) => p.name === '@polygrad/backend-echo')?.source).toBe('workspace');
  });
});

describe('entry points', () => {
  const dir = '/pkg';
  it('follows exports conditions for Node and for browsers, and the ./node entry', () => {
    const manifest = {
      exports: {
        '.': {
          types: './x.d.ts',
          browser: './browser.js',
          node: { import: './node-esm.js' },
          default: './any.js',
        },
        './node': { import: './setup-node.js' },
      },
    };
    expect(entryFile(dir, manifest, NODE_CONDITIONS)).toBe('/pkg/node-esm.js');
    expect(entryFile(dir, manifest, BROWSER_CONDITIONS)).toBe('/pkg/browser.js');
    expect(nodeEntryFile(dir, manifest)).toBe('/pkg/setup-node.js');
  });
  it('falls back to a plain exports string, module (browsers) and main', () => {
    expect(entryFile(dir, { exports: './e.js' }, NODE_CONDITIONS)).toBe('/pkg/e.js');
    expect(entryFile(dir, { module: './m.js', main: './c.js' }, BROWSER_CONDITIONS)).toBe('/pkg/m.js');
    expect(entryFile(dir, { module: './m.js', main: './c.js' }, NODE_CONDITIONS)).toBe('/pkg/c.js');
    expect(nodeEntryFile(dir, { main: './c.js' })).toBeNull();
  });
});

describe('importing what was found', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'polygrad-compare-'));
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
    for (const b of ['echo', 'broken']) removeBackend(b);
  });

  it('attributes registered backends to their package; unavailable ones keep their reason; a missing entry is an error', async () => {
    const packages = await loadBackendModules(nodeBackendModules(FIXTURE_WORKSPACE));
    const byName = new Map(packages.map((p) => [p.name, p]));
    expect(byName.get('@polygrad/backend-echo')).toMatchObject({ backends: ['echo'], error: null });
    expect(process.env.POLYGRAD_ECHO_NODE_ENTRY).toBe('loaded');
    expect(byName.get('@polygrad/backend-broken')).toMatchObject({ backends: ['broken'], error: null });
    expect(byName.get('@polygrad/backend-unbuilt')?.error).toMatch(
      /dist\/index\.js does not exist \(is the package built/,
    );
    const described = await describeBackends(packages, new Set(['echo']));
    const broken = described.find((b) => b.name === 'broken');
    expect(broken).toMatchObject({ available: false, package: '@polygrad/backend-broken', selected: false });
    expect(broken?.reason).toMatch(/needs a device this machine does not have/);
    expect(described.find((b) => b.name === 'echo')).toMatchObject({ available: true, selected: true });
    expect(described[0].name).toBe('cpu');
  });

  it('finds a backend installed under node_modules (a published install, no workspace), with its entry', () => {
    const scope = join(tmp, 'project', 'node_modules', '@polygrad');
    mkdirSync(join(scope, 'backend-installed'), { recursive: true });
    mkdirSync(join(scope, 'core'), { recursive: true });
    writeFileSync(
      join(scope, 'backend-installed', 'package.json'),
      JSON.stringify({
        name: '@polygrad/backend-installed',
        version: '1.2.3',
        type: 'module',
        exports: './main.js',
      }),
    );
    writeFileSync(
      join(scope, 'core', 'package.json'),
      JSON.stringify({ name: '@polygrad/core', version: '1.0.0' }),
    );
    const found = findBackendPackages(join(tmp, 'project', 'src'));
    expect(found.map((p) => [p.name, p.source, p.version])).toEqual([
      ['@polygrad/backend-installed', 'node_modules', '1.2.3'],
    ]);
    expect(entryFile(found[0].dir, found[0].manifest, NODE_CONDITIONS)).toBe(
      join(realpathSync(scope), 'backend-installed', 'main.js'),
    );
  });
});
