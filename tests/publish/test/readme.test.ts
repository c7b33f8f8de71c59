/**
 * Each package README tells a new user what the package is, how to install it
 * (with npm, and with core beside it for a package that takes core as a peer),
 * shows a usage example (run as a test in installed.test.ts, from the packed
 * tarballs), its requirements and, for a backend, its conformance status.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeExamples, section } from '../src/readme.js';
import { isBackendPackage, publishedPackages } from '../src/workspace.js';

describe.each(publishedPackages().map((p) => [p.manifest.name, p] as const))('%s README', (name, p) => {
  const file = join(p.dir, 'README.md');
  const text = readFileSync(file, 'utf8');

  it('starts with the package name and says what it is', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe(`# ${name}`);
    const intro = lines
      .slice(
        1,
        lines.findIndex((l, i) => i > 0 && l.startsWith('#')),
      )
      .join(' ');
    expect(intro.trim().length).toBeGreaterThan(80);
  });

  it('says how to install it with npm (with core beside it when core is a peer)', () => {
    const install = section(text, 'Install');
    expect(install, '## Install').not.toBeNull();
    const command = /```sh\n(npm install [^\n]+)\n```/.exec(install ?? '')?.[1] ?? '';
    expect(command.split(/\s+/)).toContain(name);
    if (p.manifest.peerDependencies?.['@polygrad/core'])
      expect(command.split(/\s+/)).toContain('@polygrad/core');
  });

  it('shows a usage example that is run as a test', () => {
    const usage = section(text, 'Usage');
    expect(usage, '## Usage').not.toBeNull();
    expect(usage).toMatch(/```(ts|js)\n/);
    expect(readmeExamples(file).runnable.length).toBeGreaterThan(0);
  });

  it('lists its requirements', () => {
    expect(section(text, 'Requirements')?.trim().length ?? 0).toBeGreaterThan(40);
  });

  if (isBackendPackage(name))
    it('states its conformance status and coverage', () => {
      const status = section(text, 'Conformance') ?? '';
      expect(status, '## Conformance').toMatch(/@polygrad\/conformance|conformance suite|shared suite/);
      expect(status).toMatch(/float32/);
    });
});
