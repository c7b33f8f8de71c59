/**
 * The published shape works without the monorepo: every package, packed, is
 * installed with plain npm into a fresh project outside the workspace (from a
 * local registry: offline, third-party versions as tested). There, with no
 * workspace links or TypeScript sources in reach:
 *
 * - there is exactly one copy of @polygrad/core, and a backend registered by
 *   importing its package is the one core's setBackend sees (and a duplicated
 *   core, built on purpose, is caught);
 * - every backend that can run on this machine trains a few steps;
 * - the conformance CLI, where the package has one, passes on each of them;
 * - bundled by esbuild with tree-shaking and each package's `sideEffects`,
 *   every backend still registers and trains (and a false `sideEffects` is caught);
 * - every example in the published READMEs (and the repository README)
 *   type-checks against the published types and runs.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { type BackendPackageReport, nodeResult, packageCopies } from '../src/installed.js';
import { packed } from '../src/packed.js';
import { cleanEnv } from '../src/pnpm.js';
import { readmeExamples } from '../src/readme.js';
import { runAsync } from '../src/run.js';
import { installScratchProject, type ScratchProject } from '../src/scratch-project.js';
import { isBackendPackage, type PackageJson, readJson, root } from '../src/workspace.js';

const set = packed();
const backendPackages = set.packages.filter((p) => isBackendPackage(p.name)).map((p) => p.name);

let project: ScratchProject | null = null;
let installError: unknown = null;
let reports: BackendPackageReport[] = [];
try {
  project = await installScratchProject(set);
  reports = await nodeResult<BackendPackageReport[]>(project.dir, ['backends.mjs', ...backendPackages]);
} catch (e) {
  installError = e;
}
afterAll(async () => {
  await project?.registry.close();
});

interface TrainResult {
  backend: string;
  losses: number[];
}

function expectTrained(r: TrainResult, backend: string): void {
  expect(r.backend).toBe(backend);
  expect(r.losses).toHaveLength(30);
  for (const l of r.losses) expect(Number.isFinite(l), `loss ${l}`).toBe(true);
  // Two balanced classes start near log 2 ≈ 0.69; 30 Adam steps take the loss well below it.
  expect(r.losses[0]).toBeGreaterThan(0.4);
  expect(r.losses[29]).toBeLessThan(r.losses[0] * 0.7);
}

/** Bundle `code` (resolved from `dir`) for Node with tree-shaking; third-party packages stay external. */
async function bundle(dir: string, code: string, outfile: string): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: dir, sourcefile: 'entry.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    treeShaking: true,
    outfile,
    logLevel: 'silent',
    plugins: [
      {
        name: 'third-party-external',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@polygrad/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  // esbuild warns when it drops a side-effect import because of `sideEffects: false`.
  return result.warnings.map((w) => w.text).join('\n');
}

it('installs every published package with plain npm into a project outside the workspace', () => {
  if (installError) throw installError;
  const p = project as ScratchProject;
  expect(relative(root, p.dir).startsWith('..'), 'the project is outside the repository').toBe(true);
  for (const pkg of set.packages) {
    const installed = readJson<PackageJson>(join(p.dir, 'node_modules', pkg.name, 'package.json'));
    expect(installed.version).toBe(pkg.version);
    expect(p.registry.downloaded.has(`${pkg.name}@${pkg.version}`), `${pkg.name} came from its tarball`).toBe(
      true,
    );
  }
});

describe.runIf(project !== null)('in the installed project', () => {
  const dir = project?.dir ?? '';
  const byPackage = new Map(reports.map((r) => [r.package, r.backends]));

  it('holds exactly one copy of @polygrad/core', () => {
    expect(packageCopies(join(dir, 'node_modules'), '@polygrad/core')).toEqual([
      join(dir, 'node_modules', '@polygrad/core'),
    ]);
  });

  it.each(backendPackages)('importing %s registers its backends in the core the project imports', (pkg) => {
    const backends = byPackage.get(pkg) ?? [];
    expect(backends.length, `${pkg} registered no backend visible to @polygrad/core`).toBeGreaterThan(0);
    if (pkg === '@polygrad/backend-cpu') {
      expect(backends).toEqual([{ name: 'cpu', available: true, reason: '' }]);
    }
  });

  it('catches a duplicated core: a backend bound to its own copy is invisible to the app', async () => {
    const dupe = join(set.tmp, 'duplicate-core');
    const nm = join(dupe, 'node_modules', '@polygrad');
    mkdirSync(nm, { recursive: true });
    symlinkSync(join(dir, 'node_modules', '@polygrad', 'core'), join(nm, 'core'), 'dir');
    cpSync(join(dir, 'node_modules', '@polygrad', 'backend-cpu'), join(nm, 'backend-cpu'), {
      recursive: true,
    });
    cpSync(
      join(dir, 'node_modules', '@polygrad', 'core'),
      join(nm, 'backend-cpu', 'node_modules', '@polygrad', 'core'),
      {
        recursive: true,
      },
    );
    cpSync(join(dir, 'backends.mjs'), join(dupe, 'backends.mjs'));
    const r = await nodeResult<BackendPackageReport[]>(dupe, ['backends.mjs', '@polygrad/backend-cpu']);
    expect(r).toEqual([{ package: '@polygrad/backend-cpu', backends: [] }]);
    rmSync(dupe, { recursive: true, force: true });
  });

  const runnable = reports.flatMap((r) => r.backends.map((b) => ({ ...b, package: r.package })));

  /** Why a backend package's examples cannot run on this machine (none of its backends starts), or null. */
  function cannotRunHere(pkg: string): string | null {
    const backends = byPackage.get(pkg);
    if (!backends || backends.some((b) => b.available)) return null;
    return `cannot run here: ${backends.map((b) => `${b.name}: ${b.reason}`).join('; ') || 'it registered no backend'}`;
  }

  for (const b of runnable) {
    it.skipIf(!b.available)(
      `${b.name} (${b.package}) trains a few steps${b.available ? '' : ` — cannot run here: ${b.reason}`}`,
      async () => {
        expectTrained(await nodeResult<TrainResult>(dir, ['train.mjs', b.package, b.name]), b.name);
      },
    );
  }

  const conformance = set.packages.find((p) => p.name === '@polygrad/conformance');
  const bin = conformance ? readJson<PackageJson>(join(conformance.unpacked, 'package.json')).bin : undefined;
  const cli = typeof bin === 'object' ? bin['polygrad-conformance'] : undefined;
  if (cli === undefined) it.skip('polygrad-conformance: the packed @polygrad/conformance has no bin yet');
  for (const b of cli === undefined ? [] : runnable) {
    it.skipIf(!b.available)(
      `polygrad-conformance passes on ${b.name} (float32; forward, gradient, module)`,
      async () => {
        const report = join(dir, `conformance-${b.name}.json`);
        const r = await runAsync(
          join(dir, 'node_modules', '.bin', 'polygrad-conformance'),
          [
            '--import',
            b.package,
            '--backend',
            b.name,
            // The categories a training run leans on; each backend's own tests run the whole suite.
            '--category',
            'forward,gradient,module',
            '--json',
            report,
            '--no-progress',
          ],
          { cwd: dir, env: cleanEnv() },
        );
        expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
        const json = JSON.parse(readFileSync(report, 'utf8')) as {
          summary: { failed: number; total: number };
        };
        expect(json.summary.failed).toBe(0);
        expect(json.summary.total).toBeGreaterThan(50);
      },
      600_000,
    );
  }

  describe('bundled with tree-shaking, each package.json sideEffects honoured', () => {
    const out = join(dir, 'bundles');

    for (const b of runnable.filter((x) => x.available)) {
      it(`${b.package} registers and trains ${b.name} from a bundle`, async () => {
        const file = join(out, `train-${b.name}.mjs`);
        const code = `import '${b.package}';\nimport { train } from './train-model.mjs';\nconsole.log('POLYGRAD_RESULT ' + JSON.stringify(await train('${b.name}')));\n`;
        expect(await bundle(dir, code, file)).toBe('');
        expectTrained(await nodeResult<TrainResult>(dir, [file]), b.name);
      });
    }

    it('a backend whose package.json claims sideEffects: false loses its registration (the check can fail)', async () => {
      const liar = join(set.tmp, 'side-effects-false');
      const nm = join(liar, 'node_modules', '@polygrad');
      mkdirSync(nm, { recursive: true });
      symlinkSync(join(dir, 'node_modules', '@polygrad', 'core'), join(nm, 'core'), 'dir');
      cpSync(join(dir, 'node_modules', '@polygrad', 'backend-cpu'), join(nm, 'backend-cpu'), {
        recursive: true,
      });
      const manifestFile = join(nm, 'backend-cpu', 'package.json');
      writeFileSync(manifestFile, JSON.stringify({ ...readJson<object>(manifestFile), sideEffects: false }));
      const file = join(liar, 'liar.mjs');
      const code = `import { listBackends } from '@polygrad/core';\nimport '@polygrad/backend-cpu';\nconsole.log('POLYGRAD_RESULT ' + JSON.stringify((await listBackends()).map((b) => b.name)));\n`;
      const warnings = await bundle(liar, code, file);
      expect(warnings).toContain('marked as having no side effects');
      expect(await nodeResult<string[]>(liar, [file])).toEqual([]);
      rmSync(liar, { recursive: true, force: true });
    });
  });
  describe('README examples, run in the installed project', () => {
    const exDir = join(dir, 'readme');
    const readmes = [
      { rel: 'README.md', file: join(root, 'README.md') },
      ...set.packages.map((p) => ({
        rel: `${p.rel}/README.md`,
        file: join(p.unpacked, 'README.md'),
        cannotRun: cannotRunHere(p.name),
      })),
    ];
    const examples = readmes.flatMap((r) =>
      readmeExamples(r.file).runnable.map((ex, i) => ({
        ...ex,
        cannotRun: 'cannotRun' in r ? r.cannotRun : null,
        where: `${r.rel}:${ex.line}`,
        file: join(
          exDir,
          `${r.rel.replace(/\/README\.md$|README\.md$/, '').replace(/\//g, '-') || 'root'}-${i + 1}.${ex.lang === 'ts' ? 'ts' : 'mjs'}`,
        ),
      })),
    );

    it('every example type-checks against the published types (strict, nodenext)', async () => {
      mkdirSync(exDir, { recursive: true });
      for (const ex of examples) writeFileSync(ex.file, ex.code);
      const tsFiles = examples.filter((ex) => ex.lang === 'ts').map((ex) => ex.file);
      expect(tsFiles.length).toBeGreaterThan(0);
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const r = await runAsync(
        process.execPath,
        [
          tsc,
          '--noEmit',
          '--strict',
          '--target',
          'es2022',
          '--module',
          'nodenext',
          '--moduleResolution',
          'nodenext',
          '--lib',
          'es2022,dom',
          '--types',
          'node',
          // The examples are checked against the published .d.ts; errors inside .d.ts files are tsc's own.
          '--skipLibCheck',
          '--typeRoots',
          join(root, 'node_modules', '@types'),
          ...tsFiles,
        ],
        { cwd: dir },
      );
      const where = new Map(examples.map((ex) => [basename(ex.file), ex.where]));
      const report = r.stdout.replace(
        /readme\/([\w.-]+)\((\d+)/g,
        (_m, f: string, l: string) => `${where.get(f)} (+${Number(l)})`,
      );
      expect(r.status, report).toBe(0);
    });

    for (const ex of examples) {
      it.skipIf(ex.cannotRun !== null)(
        `${ex.where} runs${ex.cannotRun ? ` — ${ex.cannotRun}` : ''}`,
        async () => {
          const js = ex.file.replace(/\.(ts|mjs)$/, '.run.mjs');
          const { code } = await esbuild.transform(readFileSync(ex.file, 'utf8'), {
            loader: ex.lang,
            format: 'esm',
            target: 'es2022',
          });
          writeFileSync(js, code);
          const r = await runAsync(process.execPath, [js], {
            cwd: dirname(js),
            env: cleanEnv(),
            timeout: 120_000,
          });
          expect(r.status, `${ex.where}\n${r.stdout}\n${r.stderr}`).toBe(0);
          const printed = r.stdout.split('\n').map((l) => l.trim());
          let at = 0;
          for (const want of ex.output) {
            const found = printed.indexOf(want, at);
            expect(found, `${ex.where} prints "${want}" (in order)\n${r.stdout}`).toBeGreaterThanOrEqual(0);
            at = found + 1;
          }
        },
      );
    }
  });
});
