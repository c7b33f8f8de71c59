/** The page's Vite plugins: the generated backend list, and the guard against Node built-ins in the bundle. */
import { join } from 'node:path';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { findBackendPackages } from '../src/node/discover.js';
import { backendsModuleSource, noNodeBuiltins } from '../src/vite/plugin.js';
import { APP_DIR, FIXTURE_WORKSPACE } from './helpers.js';

describe('virtual:polygrad-backends', () => {
  it('imports each package found through its browser entry, never its ./node entry', () => {
    const source = backendsModuleSource(findBackendPackages(FIXTURE_WORKSPACE));
    expect(source).toContain(`name: "@polygrad/backend-echo"`);
    expect(source).toContain(JSON.stringify(join(FIXTURE_WORKSPACE, 'packages', 'backend-echo', 'index.js')));
    expect(source).not.toContain('node.js');
    expect(source).toContain(
      JSON.stringify(join(FIXTURE_WORKSPACE, 'packages', 'backend-broken', 'index.js')),
    );
    expect(source).not.toContain('not-a-backend');
  });
});

describe('noNodeBuiltins', () => {
  const bundle = (entry: string) =>
    build({
      configFile: false,
      root: APP_DIR,
      logLevel: 'silent',
      plugins: [noNodeBuiltins({ from: [APP_DIR] })],
      build: {
        write: false,
        rollupOptions: { input: join(APP_DIR, 'test', 'fixtures', 'browser-bundle', entry) },
      },
    });
  it('fails the build when workspace code imports a Node built-in, naming the file and the module', async () => {
    await expect(bundle('entry.js')).rejects.toThrow(/entry\.js imports the Node built-in 'node:fs'/);
  });
  it('lets code without Node built-ins through', async () => {
    await expect(bundle('clean.js')).resolves.toBeDefined();
  });
});
