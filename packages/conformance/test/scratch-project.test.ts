/**
 * The CLI as a third-party author meets it: a scratch project outside the
 * workspace, npm-installed from the packed tarballs of @polygrad/core,
 * @polygrad/backend-cpu and @polygrad/conformance (and fast-check with its dependency, tarred from
 * node_modules; npm runs --offline with an empty cache, so nothing comes from
 * a registry), with the README's example backend in it. `npx
 * polygrad-conformance` must report on that backend and exit 0, write the JSON
 * report, and exit 1 on a backend that is wrong. Needs the packages built
 * (`npm test` builds first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const workspacePackages = ['core', 'backend-cpu', 'conformance'].map((d) => join(root, 'packages', d));

function pnpm(): string {
  const local = join(root, '.tools', 'node_modules', '.bin', 'pnpm');
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0) return 'pnpm';
  if (existsSync(local)) return local;
  throw new Error('pnpm not found (on PATH or in .tools/): run npm test, which installs it');
}

/** Node's lookup: <dir>/node_modules/<name>, then each parent's. */
function packageDir(name: string, from: string): string {
  for (let d = from; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(d) === d) throw new Error(`cannot find ${name} from ${from}`);
  }
}

/** The registry dependencies (not @polygrad/*) of the packed packages, transitively, as directories. */
function thirdPartyDirs(): string[] {
  const seen = new Map<string, string>();
  const visit = (dir: string) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      if (name.startsWith('@polygrad/') || seen.has(name)) continue;
      const d = packageDir(name, dir);
      seen.set(name, d);
      visit(d);
    }
  };
  for (const d of workspacePackages) visit(d);
  return [...seen.values()];
}

/** The environment without the npm_config_* settings pnpm passes to its children (npm warns about them). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')),
  );
}

const BROKEN = `import { createCpuBackend } from '@polygrad/backend-cpu';
import { PRIMITIVE_KERNELS, registerBackend } from '@polygrad/core';

// exp is off by a relative 1e-3: the suite must catch it.
registerBackend('broken', () => {
  const cpu = createCpuBackend();
  const kernels = Object.fromEntries(PRIMITIVE_KERNELS.map((k) => [k, cpu.kernels[k]]));
  kernels.unary = (a) => {
    const h = cpu.kernels.unary(a);
    if (a.op !== 'exp') return h;
    const v = cpu.readSync(h).map((x) => x * 1.001);
    cpu.free(h);
    return cpu.upload(v, a.out.dtype);
  };
  return { ...cpu, name: 'broken', dtypes: ['float32', 'int32', 'bool'], precision: 'float32', kernels };
});
`;

describe('polygrad-conformance in a scratch project installed from tarballs', () => {
  let tmp: string;
  let project: string;

  beforeAll(() => {
    for (const d of workspacePackages) {
      if (!existsSync(join(d, 'dist'))) throw new Error(`${d} is not built: run pnpm build (npm test does)`);
    }
    tmp = mkdtempSync(join(tmpdir(), 'polygrad-cli-'));
    const tarballs = join(tmp, 'tarballs');
    mkdirSync(tarballs);
    const pnpmBin = pnpm();
    for (const d of workspacePackages) {
      execFileSync(pnpmBin, ['pack', '--pack-destination', tarballs], { cwd: d, stdio: 'pipe' });
    }
    const npmCache = join(tmp, 'npm-cache');
    // Installed registry packages are tarred as they are (npm pack would run their devEngines checks).
    thirdPartyDirs().forEach((d, i) => {
      const stage = join(tmp, 'stage', String(i));
      cpSync(d, join(stage, 'package'), {
        recursive: true,
        filter: (src) => !relative(d, src).split(sep).includes('node_modules'),
      });
      execFileSync('tar', ['-czf', join(tarballs, `dep-${i}.tgz`), '-C', stage, 'package']);
    });
    project = join(tmp, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      '{ "name": "scratch", "private": true, "type": "module" }\n',
    );
    cpSync(join(here, '..', 'examples', 'my-backend.js'), join(project, 'my-backend.js'));
    writeFileSync(join(project, 'broken-backend.js'), BROKEN);
    const files = readdirSync(tarballs);
    execFileSync(
      'npm',
      [
        'install',
        '--offline',
        '--cache',
        npmCache,
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        ...files.map((f) => join(tarballs, f)),
      ],
      { cwd: project, stdio: 'pipe', env: cleanEnv() },
    );
  }, 240_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const cli = (args: string[]) =>
    spawnSync('npx', ['--no-install', 'polygrad-conformance', ...args], {
      cwd: project,
      encoding: 'utf8',
      env: { ...cleanEnv(), npm_config_offline: 'true', npm_config_cache: join(tmp, 'npm-cache') },
    });

  it('is installed as an executable that is outside the workspace', () => {
    const bin = realpathSync(join(project, 'node_modules', '.bin', 'polygrad-conformance'));
    expect(bin.startsWith(project)).toBe(true);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('reports on the backend the project defines and exits 0', () => {
    const r = cli([
      '--import',
      './my-backend.js',
      '--backend',
      'mine',
      '--json',
      'report.json',
      '--no-progress',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Polygrad conformance — backend 'mine' (precision float32), float32");
    expect(r.stdout).toMatch(/^total\s+\d+\s+0\s+\d+\s+\d+$/m);
    expect(r.stdout).toContain('PASS — ');
    const report = JSON.parse(readFileSync(join(project, 'report.json'), 'utf8'));
    expect(report.backend.name).toBe('mine');
    expect(report.summary.failed).toBe(0);
    expect(report.summary.total).toBeGreaterThan(300);
    expect(report.results.length).toBe(report.summary.total);
  }, 180_000);

  it('exits 1 and names the failing cases on a wrong backend', () => {
    const r = cli([
      '--import',
      './broken-backend.js',
      '--backend',
      'broken',
      '--filter',
      'exp',
      '--no-progress',
    ]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/failing cases \(\d+\):/);
    expect(r.stdout).toContain('forward/unary/exp');
    expect(r.stdout).toContain('FAIL — ');
  }, 120_000);

  it('exits 2 with the registered backends when the name is wrong', () => {
    const r = cli(['--import', './my-backend.js', '--backend', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no backend named 'nope'");
    expect(r.stderr).toContain('registered: cpu, mine');
  });
});
