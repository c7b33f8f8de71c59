/**
 * The coverage matrix in each backend package's README (its own backends) and
 * in this package's README (every backend) is current: regenerate with
 * `pnpm coverage`. Backend packages are found by name (packages/backend-*),
 * so a new one is checked as soon as it lands.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { coverageMarkdown, coverageMatrix, replaceCoverageBlock } from '../src/coverage-matrix.js';
import { findBackendPackages, registeredByPackage } from '../src/node/backend-packages.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const found = await registeredByPackage(findBackendPackages(root), 'source');

async function expectCurrent(readme: string, backends: string[]): Promise<void> {
  const text = readFileSync(readme, 'utf8');
  const matrix = coverageMatrix(await Promise.all(backends.map((b) => initBackend(b))));
  const current = replaceCoverageBlock(text, coverageMarkdown(matrix));
  expect(text === current, `${readme}: the coverage matrix is not current; run \`pnpm coverage\``).toBe(true);
}

describe('coverage matrices in the READMEs', () => {
  it('finds the backend packages of this workspace and the backends each registers in Node', () => {
    const byName = Object.fromEntries(found.map((f) => [f.pkg.name, f.backends]));
    expect(byName['@polygrad/backend-cpu']).toEqual(['cpu']);
    expect(byName['@polygrad/backend-tfjs']).toEqual(['tfjs-cpu', 'tfjs-wasm']);
  });

  it.each(found.map((f) => [f.pkg.name, f] as const))('%s README is current', async (_name, f) => {
    expect(f.backends.length, `${f.pkg.name} registers no backend when imported in Node`).toBeGreaterThan(0);
    await expectCurrent(f.pkg.readme, f.backends);
  });

  it('the conformance README (every backend) is current', async () => {
    await expectCurrent(
      join(root, 'packages', 'conformance', 'README.md'),
      found.flatMap((f) => f.backends).sort(),
    );
  });
});
