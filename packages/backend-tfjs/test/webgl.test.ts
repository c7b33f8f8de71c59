/**
 * tfjs-webgl in a real Chromium (WebGL2 on SwiftShader): the adapter bundled
 * with TF.js's WebGL backend and the conformance suite, run in the page.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/browser.mjs';
import { TFJS_DECLINES } from '../src/profiles.js';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = join(here, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'polygrad-tfjs-webgl-'));
let browser: Browser | null = null;
afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
}, 60_000);

/** `@polygrad/<pkg>[/<sub>]` through the package's exports map to its TypeScript source (no build needed). */
const workspacePackages: esbuild.Plugin = {
  name: 'workspace-packages',
  setup(build) {
    build.onResolve({ filter: /^@polygrad\// }, (args) => {
      const [, name, ...rest] = args.path.split('/');
      const dir = join(packagesDir, name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        exports: Record<string, { import: string }>;
      };
      const target = pkg.exports[rest.length === 0 ? '.' : `./${rest.join('/')}`]?.import;
      if (!target) return { errors: [{ text: `${args.path} is not exported by ${name}/package.json` }] };
      return { path: join(dir, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')) };
    });
  },
};

interface Result {
  device: Record<string, unknown>;
  summary: { total: number; passed: number; failed: number; declined: number; skipped: number };
  failed: string[];
  declined: { name: string; kernel: string; reason: string }[];
  skipped: string[];
  msByCategory: Record<string, number>;
}

async function runInChromium(file: string): Promise<string> {
  browser ??= await launchChromium();
  const page = await browser.newPage();
  try {
    const lines: string[] = [];
    page.on('console', (m) => lines.push(m.text()));
    page.on('pageerror', (e) => lines.push(`POLYGRAD_ERROR ${e.message}`));
    await page.route('http://polygrad.test/**', (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/bundle.mjs')
        return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file, 'utf8') });
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><script type="module" src="/bundle.mjs"></script>',
      });
    });
    // The suite runs in the module's top-level await, which holds back the load event.
    await page.goto('http://polygrad.test/', { waitUntil: 'commit' });
    await page.waitForFunction(
      () => (globalThis as { polygradDone?: boolean }).polygradDone === true,
      undefined,
      {
        timeout: 600_000,
      },
    );
    return lines.join('\n');
  } finally {
    await page.close();
  }
}

describe('tfjs-webgl in Chromium', { timeout: 660_000 }, () => {
  it('passes the whole conformance suite (int32 wrapping cases declined: it declares int32 float24)', async () => {
    const outfile = join(out, 'webgl.mjs');
    await esbuild.build({
      entryPoints: [join(here, 'browser', 'webgl-fixture.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outfile,
      plugins: [workspacePackages],
      logLevel: 'silent',
    });
    const output = await runInChromium(outfile);
    const error = output.split('\n').find((l) => l.startsWith('POLYGRAD_ERROR'));
    expect(error, output.slice(-3000)).toBeUndefined();
    const line = output.split('\n').find((l) => l.startsWith('POLYGRAD_RESULT '));
    expect(line, output.slice(-3000)).toBeDefined();
    const r = JSON.parse((line as string).slice('POLYGRAD_RESULT '.length)) as Result;
    expect(r.device).toMatchObject({ device: 'tfjs-webgl' });
    expect(r.summary.total).toBeGreaterThan(300);
    expect(r.failed).toEqual([]);
    // Declined, each for a reason the backend declares: the kernels TF.js cannot run on the device
    // (TFJS_DECLINES; core's fallback ran and passed) and the cases about 32-bit int32 wrapping, which
    // the suite gates on capabilities.int32 (TF.js's WebGL backend holds int32 in float textures:
    // 'float24', exact to 2^24, no wrapping).
    const [wrapping, kernels] = [
      r.declined.filter((d) => d.name.startsWith('int32/')),
      r.declined.filter((d) => !d.name.startsWith('int32/')),
    ];
    expect(new Set(kernels.map((d) => d.kernel))).toEqual(new Set(Object.keys(TFJS_DECLINES)));
    expect(wrapping.length).toBeGreaterThan(0);
    for (const d of wrapping) expect(d.reason, d.name).toMatch(/int32 is held as float \(float24\)/);
    console.log(
      `tfjs-webgl in Chromium (fixes ${r.device.fixes}): ${JSON.stringify(r.summary)}; skipped ${JSON.stringify(r.skipped)}; ms per category ${JSON.stringify(r.msByCategory)}`,
    );
  });
});
