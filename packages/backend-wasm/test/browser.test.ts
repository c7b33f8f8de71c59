/**
 * The wasm backend in a real headless Chromium: the package bundled by esbuild
 * with no configuration (the .wasm is inlined), served from a local HTTP server
 * - with COOP/COEP headers (cross-origin isolated): SharedArrayBuffer, kernel
 *   workers from a Blob URL, the main thread spinning (it may not block). The
 *   whole conformance suite runs in float32 and float64.
 * - without them: single-threaded, and deviceInfo says why.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageReport } from './browser/page.js';

const BROWSER_SCRIPT = fileURLToPath(new URL('../../../scripts/browser.mjs', import.meta.url));

let server: Server;
let origin = '';
let browser: Browser;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./browser/page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0].text;
  const html =
    '<!doctype html><meta charset="utf-8"><title>wasm backend</title><script type="module" src="page.js"></script>';
  server = createServer((req, res) => {
    const isolated = req.url?.startsWith('/isolated/') ?? false;
    const headers: Record<string, string> = isolated
      ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
      : {};
    if (req.url?.endsWith('/page.js')) {
      res.writeHead(200, { 'Content-Type': 'text/javascript', ...headers });
      res.end(js);
    } else if (req.url?.endsWith('/')) {
      res.writeHead(200, { 'Content-Type': 'text/html', ...headers });
      res.end(html);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { launchChromium } = (await import(BROWSER_SCRIPT)) as { launchChromium: () => Promise<Browser> };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function runPage(path: string, conformance: boolean): Promise<PageReport> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${origin}${path}`);
    await page.waitForFunction(() => 'polygradRun' in globalThis);
    const report = await page.evaluate(
      (c) => (globalThis as unknown as { polygradRun: (c: boolean) => Promise<PageReport> }).polygradRun(c),
      conformance,
    );
    expect(errors).toEqual([]);
    return report;
  } finally {
    await page.close();
  }
}

describe('wasm backend in Chromium', () => {
  it('cross-origin isolated: threads over shared memory, the whole conformance suite passes', async () => {
    const r = await runPage('/isolated/', true);
    expect(r.isolated).toBe(true);
    expect(r.device.threads).toBeGreaterThan(1);
    expect(r.device.sharedMemory).toBe(true);
    expect(r.device.runtime).toBe('browser');
    for (const c of r.conformance) {
      expect(c.failures, `${c.dtype}: ${c.failures.join('\n')}`).toEqual([]);
      expect(c.failed).toBe(0);
      expect(c.declined).toBe(0);
      expect(c.passed).toBe(c.total - c.skipped);
      expect(c.passed).toBeGreaterThan(300);
    }
    expect(r.conformance.map((c) => c.dtype)).toEqual(['float32', 'float64']);
    expect(r.matmul.maxError).toBeLessThan(1e-4);
    expect(r.matmul.chunksOnWorkers).toBeGreaterThan(0);
  }, 600_000);

  it('not isolated: runs single-threaded and says why', async () => {
    const r = await runPage('/plain/', false);
    expect(r.isolated).toBe(false);
    expect(r.device.threads).toBe(1);
    expect(r.device.sharedMemory).toBe(false);
    expect(String(r.device.threadsNote)).toMatch(/cross-origin isolated/);
    expect(r.matmul.maxError).toBeLessThan(1e-4);
    expect(r.matmul.chunksOnWorkers).toBe(0);
  }, 120_000);
});
