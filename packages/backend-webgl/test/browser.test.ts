/**
 * The browser build in a real Chromium (SwiftShader WebGL2): the package's
 * browser entry is bundled with esbuild for the browser platform (a Node
 * built-in anywhere in it fails the bundle), loaded into a page, and runs the
 * whole conformance suite on the page's WebGL2 through gpu.js.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { findChromium, launchChromium } from '../../../scripts/browser.mjs';

const entry = fileURLToPath(new URL('./browser-entry.ts', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));
const chromium: string | null = findChromium();
const required = Boolean(process.env.CI) || Boolean(process.env.POLYGRAD_REQUIRE_WEBGL);

interface PageResult {
  device?: Record<string, string | number | boolean>;
  summary?: { total: number; passed: number; failed: number; declined: number; skipped: number };
  failures?: { name: string; message: string }[];
  error?: string;
}

it('the browser entry bundles without Node built-ins and passes conformance in Chromium (WebGL2)', async (ctx) => {
  const missing = !chromium
    ? 'no Chromium found (set POLYGRAD_CHROMIUM)'
    : !built
      ? 'packages are not built'
      : '';
  if (missing) {
    if (required) throw new Error(`browser test could not run: ${missing}`);
    ctx.skip(missing);
    return;
  }
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0].text;
  // Neither the node entry nor headless-gl reached the browser bundle; gpu.js came in as its browser build.
  const inputs = Object.keys(bundle.metafile.inputs);
  expect(
    inputs.filter((f) => /backend-webgl\/(src|dist)\/node\.|\/gl@|node_modules\/gl\/|^node:/.test(f)),
  ).toEqual([]);
  expect(inputs.some((f) => f.includes('gpu.js/dist/gpu-browser'))).toBe(true);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e: Error) => errors.push(e.message));
    await page.goto('about:blank');
    await page.addScriptTag({ content: code });
    await page.waitForFunction(
      () => (globalThis as { __result?: unknown }).__result !== undefined,
      undefined,
      {
        timeout: 540_000,
        polling: 1000,
      },
    );
    const r = (await page.evaluate(() => (globalThis as { __result?: unknown }).__result)) as PageResult;
    expect(r.error, r.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(r.device?.mode).toBe('webgl2');
    expect(r.device?.kernelClass).toBe('WebGL2Kernel');
    console.log(`webgl in Chromium: ${JSON.stringify(r.device)}; conformance ${JSON.stringify(r.summary)}`);
    expect(r.failures, JSON.stringify(r.failures, null, 1)).toEqual([]);
    expect(r.summary?.passed).toBeGreaterThan(300);
  } finally {
    await browser.close();
  }
}, 600_000);
