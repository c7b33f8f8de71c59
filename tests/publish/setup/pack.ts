/**
 * Global setup of the publish checks: build every package (a turbo cache hit
 * after `npm test`'s build), then pack each one with pnpm, as `changeset
 * publish` would, into a scratch directory outside the workspace, and unpack it.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { PackedPackage } from '../src/packed.js';
import { pnpmBinary } from '../src/pnpm.js';
import { mustRun } from '../src/run.js';
import { publishedPackages, root } from '../src/workspace.js';

export default async function setup(project: TestProject): Promise<() => void> {
  const pnpm = pnpmBinary();
  await mustRun(
    pnpm,
    ['exec', 'turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    {
      cwd: root,
    },
  );
  const tmp = mkdtempSync(join(tmpdir(), 'polygrad-publish-'));
  const packages = await Promise.all(
    publishedPackages().map(async (p): Promise<PackedPackage> => {
      const slug = p.manifest.name.replace(/^@/, '').replace('/', '-');
      const dest = join(tmp, 'tarballs', slug);
      mkdirSync(dest, { recursive: true });
      await mustRun(pnpm, ['pack', '--pack-destination', dest], { cwd: p.dir });
      const [file] = readdirSync(dest).filter((f) => f.endsWith('.tgz'));
      const unpackDir = join(tmp, 'unpacked', slug);
      mkdirSync(unpackDir, { recursive: true });
      await mustRun('tar', ['-xzf', join(dest, file), '-C', unpackDir]);
      return {
        name: p.manifest.name,
        version: p.manifest.version,
        dir: p.dir,
        rel: p.rel,
        tarball: join(dest, file),
        unpacked: join(unpackDir, 'package'),
      };
    }),
  );
  project.provide('packed', { tmp, packages });
  return () => rmSync(tmp, { recursive: true, force: true });
}
