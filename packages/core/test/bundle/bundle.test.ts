/**
 * Core is correct under tree-shaking: a training script and the README's example,
 * bundled by a real bundler (esbuild, tree-shaking on, every package's
 * `sideEffects` honoured) run in Node and in a real Chromium.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../scripts/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..', '..');
const packagesDir = join(repo, 'packages');
const out = mkdtempSync(join(tmpdir(), 'polygrad-bundle-'));
let browser: Browser | null = null;
afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

/**
 * Resolve `@polygrad/<pkg>[/<sub>]` through the package's own `exports` map, to the
 * TypeScript source of the file it publishes (dist/x.js -> src/x.ts), so the test
 * needs no build and esbuild applies the package.json `sideEffects` as it would for dist.
 */
const workspacePackages: esbuild.Plugin = {
  name: 'workspace-packages',
  setup(build) {
    build.onResolve({ filter: /^@polygrad\// }, (args) => {
      const [, name, ...rest] = args.path.split('/');
      const dir = join(packagesDir, name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        exports: Record<string, { import: string }>;
      };
      const key = rest.length === 0 ? '.' : `./${rest.join('/')}`;
      const target = pkg.exports[key]?.import;
      if (!target) return { errors: [{ text: `${args.path} is not exported by ${name}/package.json` }] };
      return { path: join(dir, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')) };
    });
  },
};

async function bundle(
  entry: { file: string } | { code: string },
  platform: 'node' | 'browser',
): Promise<string> {
  const outfile = join(out, `${platform}-${Math.random().toString(36).slice(2)}.mjs`);
  const result = await esbuild.build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.code, loader: 'ts', resolveDir: here, sourcefile: 'readme-example.ts' } }),
    bundle: true,
    format: 'esm',
    platform,
    target: 'es2022',
    treeShaking: true,
    minifySyntax: true,
    outfile,
    plugins: [workspacePackages],
    logLevel: 'silent',
  });
  // A side-effect import the bundler dropped is a warning, and exactly the bug this guards against.
  expect(result.warnings.map((w) => w.text)).toEqual([]);
  return outfile;
}

function runInNode(file: string): string {
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
  return `${r.stdout}${r.stderr}`;
}

async function runInChromium(file: string): Promise<string> {
  browser ??= await launchChromium();
  const page = await browser.newPage();
  try {
    const lines: string[] = [];
    page.on('console', (m) => lines.push(m.text()));
    page.on('pageerror', (e) => lines.push(`POLYGRAD_ERROR ${e.message}`));
    // Served from an http origin, as a bundle would be, not from file://.
    await page.route('http://polygrad.test/**', (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/bundle.mjs')
        return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file, 'utf8') });
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><script type="module" src="/bundle.mjs"></script>',
      });
    });
    await page.goto('http://polygrad.test/');
    await page.waitForFunction(
      () => (globalThis as { polygradDone?: boolean }).polygradDone === true,
      undefined,
      { timeout: 60_000 },
    );
    return lines.join('\n');
  } finally {
    await page.close();
  }
}

function parseResult(output: string): { backend: string; losses: number[]; gradNorm: number } {
  const error = output.split('\n').find((l) => l.startsWith('POLYGRAD_ERROR'));
  expect(error, output).toBeUndefined();
  const line = output.split('\n').find((l) => l.startsWith('POLYGRAD_RESULT '));
  expect(line, output).toBeDefined();
  return JSON.parse((line as string).slice('POLYGRAD_RESULT '.length));
}

function expectTrained(r: { backend: string; losses: number[]; gradNorm: number }): void {
  expect(r.backend).toBe('cpu');
  expect(r.losses).toHaveLength(40);
  for (const l of r.losses) expect(Number.isFinite(l)).toBe(true);
  // Cross-entropy of two classes starts near log 2; a trained model is far below it.
  expect(r.losses[0]).toBeGreaterThan(0.3);
  expect(r.losses[39]).toBeLessThan(r.losses[0] * 0.5);
  expect(r.gradNorm).toBeGreaterThan(0);
}

const fixture = join(here, 'train-fixture.ts');

describe('bundled with tree-shaking (esbuild)', { timeout: 120_000 }, () => {
  it('a training script runs in Node and the loss falls', async () => {
    const file = await bundle({ file: fixture }, 'node');
    expectTrained(parseResult(runInNode(file)));
  });

  it('the same script runs in Chromium and the loss falls', async () => {
    const file = await bundle({ file: fixture }, 'browser');
    expectTrained(parseResult(await runInChromium(file)));
  });

  it("the README's example runs in Chromium and prints a non-zero gradient", async () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Using it'));
    const match = /```ts\n([\s\S]*?)```/.exec(section);
    expect(match, 'README has a ts example under "## Using it"').not.toBeNull();
    const code = `${(match as RegExpExecArray)[1]}\n;globalThis.polygradDone = true;\n`;
    const wrapped = code.replace(
      /^/,
      "window.addEventListener('error', () => { globalThis.polygradDone = true; });\n",
    );
    const file = await bundle({ code: wrapped }, 'browser');
    const output = await runInChromium(file);
    expect(output).not.toContain('POLYGRAD_ERROR');
    // PyTorch-style print of w.grad: a 2x2 float tensor with at least one non-zero entry.
    const printed = /tensor\(\[\[([^\]]*)\],\s*\[([^\]]*)\]\]/.exec(output);
    expect(printed, output).not.toBeNull();
    const values = `${(printed as RegExpExecArray)[1]},${(printed as RegExpExecArray)[2]}`
      .split(',')
      .map((v) => Number.parseFloat(v));
    expect(values).toHaveLength(4);
    expect(values.some((v) => v !== 0 && Number.isFinite(v))).toBe(true);
  });
});
