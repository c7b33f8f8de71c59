/**
 * The compare page in a real Chromium (scripts/browser.mjs; `npm test` sets
 * POLYGRAD_CHROMIUM): built with Vite, served with the COOP/COEP headers on
 * localhost. Every backend package of the workspace must import into the
 * browser bundle, the conformance suite must pass in the page on every backend
 * available there, and the page's own flow (select, run, read the matrix and
 * the numbers) must work; screenshots go to reports/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/browser.mjs';
import { findBackendPackages } from '../src/node/discover.js';
import { reportHtml } from '../src/report/html.js';
import type { CompareReport } from '../src/run/model.js';
import { comparePageConfig } from '../src/vite/plugin.js';
import type { PageApi } from '../src/web/main.js';
import { APP_DIR, REPO_ROOT } from './helpers.js';

const REPORTS = join(REPO_ROOT, 'reports');
const outDir = mkdtempSync(join(tmpdir(), 'polygrad-compare-web-'));
let server: PreviewServer;
let browser: Browser;
let url: string;

/** A page with its console errors, uncaught errors and failed requests collected. */
async function open(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(url);
  await page
    .waitForFunction(() => document.body.dataset.state !== undefined, null, {
      timeout: 180_000,
      polling: 500,
    })
    .catch(() => undefined);
  const state = await page.getAttribute('body', 'data-state');
  if (state !== 'ready')
    throw new Error(
      `the page did not get ready (state ${state}): ${await page.textContent('#status')}\n${problems.join('\n')}`,
    );
  return { page, problems };
}

type Win = Window & { polygradCompare: PageApi };
// Waits poll on a timer, not on animation frames: while a WebGL backend keeps the GPU process
// busy (SwiftShader), frames, and with them rAF-based polling, can stall for a long time.

beforeAll(async () => {
  const config = {
    ...comparePageConfig({ appDir: APP_DIR, outDir }),
    configFile: false as const,
    logLevel: 'warn' as const,
  };
  await build(config);
  server = await preview({ ...config, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const address = server.httpServer.address() as AddressInfo;
  url = `http://127.0.0.1:${address.port}/`;
  browser = await launchChromium();
  mkdirSync(REPORTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.httpServer.close(() => r()) : r()));
  rmSync(outDir, { recursive: true, force: true });
});

describe('the compare page in Chromium', () => {
  it('is cross-origin isolated and imports every backend package of the workspace (no Node built-ins)', async () => {
    const { page, problems } = await open();
    try {
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
      const packages = await page.evaluate(() => (window as unknown as Win).polygradCompare.packages);
      expect(packages.map((p) => p.name)).toEqual(findBackendPackages(APP_DIR).map((p) => p.name));
      for (const p of packages) {
        expect(p.error, p.name).toBeNull();
        expect(p.backends.length, `${p.name} registered no backend`).toBeGreaterThan(0);
      }
      const boxes = await page.$$eval('input[data-kind="backend"]', (els) =>
        (els as HTMLInputElement[]).map((e) => ({ name: e.value, enabled: !e.disabled })),
      );
      expect(boxes.map((b) => b.name).sort()).toEqual(packages.flatMap((p) => p.backends).sort());
      expect(boxes.find((b) => b.name === 'cpu')?.enabled).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  // One run through the page's controls (conformance in both dtypes + the quick speed set on
  // every available backend and peer) feeds the three tests below: the suite is the slow part.
  let report: CompareReport | null = null;

  it('runs from its controls: select, run, then the matrix, numbers for every backend and the charts', async () => {
    const { page, problems } = await open();
    try {
      const backends = await page.$$eval('input[data-kind="backend"]:not([disabled])', (els) =>
        (els as HTMLInputElement[]).map((e) => e.value),
      );
      const peers = await page.$$eval('input[data-kind="peer"]:not([disabled])', (els) =>
        (els as HTMLInputElement[]).map((e) => e.value),
      );
      expect(peers).toEqual(['peer:tfjs-cpu', 'peer:tfjs-wasm', 'peer:tfjs-webgl']);
      // TF.js's webgl backend imported by the page lets @polygrad/backend-tfjs register tfjs-webgl too.
      expect(backends).toContain('tfjs-webgl');
      // Select by clicking: clear every box, then tick each available one.
      for (const name of [...backends, ...peers]) await page.uncheck(`input[value="${name}"]`);
      for (const name of [...backends, ...peers]) await page.check(`input[value="${name}"]`);
      await page.check('#opt-conformance');
      await page.check('#opt-float64');
      await page.check('#opt-speed');
      await page.check('#opt-quick');
      // A DOM click on the button: the run keeps the page's main thread busy (a WebGL backend's
      // shader compiles under SwiftShader take seconds), and Playwright's synthetic mouse click
      // waits for the renderer to acknowledge the input, which can take longer than the click timeout.
      await page.$eval('#run', (b) => (b as HTMLButtonElement).click());
      await page.waitForFunction(() => document.body.dataset.state !== 'ready', null, {
        timeout: 60_000,
        polling: 500,
      });
      await page.waitForFunction(() => document.body.dataset.state !== 'running', null, {
        timeout: 1_500_000,
      });
      expect(await page.getAttribute('body', 'data-state'), (await page.textContent('#status')) ?? '').toBe(
        'done',
      );
      report = (await page.evaluate(
        () => (window as unknown as Win).polygradCompare.report,
      )) as CompareReport;
      expect(report.backends.filter((b) => b.selected).map((b) => b.name)).toEqual(backends);

      for (const b of backends) {
        const verdict = await page.getAttribute(
          `#matrix tr[data-category="all"] td[data-backend="${b}"]`,
          'data-verdict',
        );
        expect(['pass', 'fail'], b).toContain(verdict); // the suite ran; whether it passed is the next test
      }
      const figures = await page.$$eval('#speed-table td[data-impl]', (tds) =>
        tds.map((td) => ({
          impl: td.getAttribute('data-impl'),
          ms: Number(td.getAttribute('data-median-ms')),
        })),
      );
      for (const impl of [...backends, ...peers]) {
        const mine = figures.filter((f) => f.impl === impl);
        expect(mine.length, impl).toBe(7);
        for (const f of mine) expect(f.ms, impl).toBeGreaterThan(0);
      }
      // One tfjs-core serves the three peers and the adapter's tfjs-* backends, switching its active
      // backend between them: every one computed the matmuls (against cpu, which accumulates in
      // float64) within the float32 dot-product bound n·2⁻²⁴·Σ|a·b| ≤ n²·2⁻²⁴ (|a|, |b| ≤ 1).
      const speed = report.speed!;
      for (const e of speed.entries.filter((x) => x.workload.startsWith('matmul-') && x.impl !== 'cpu')) {
        const n = Number(e.workload.split('-')[1]);
        expect(e.error, `${e.workload} on ${e.impl}`).toBeNull();
        expect(e.reference).toBe('cpu');
        expect(e.maxAbsDiff!, `${e.workload} on ${e.impl}`).toBeLessThanOrEqual(n * n * 2 ** -24);
      }
      // The TF.js webgl peer runs on the same GL as Polygrad's webgl backend (SwiftShader WebGL2 here).
      const tfjsWebgl = report.peers.find((p) => p.name === 'peer:tfjs-webgl')!;
      expect(tfjsWebgl).toMatchObject({ available: true, selected: true, version: '4.22.0' });
      expect(tfjsWebgl.details).toMatchObject({ webglVersion: 2, version: '4.22.0', float32Textures: true });
      expect(String(tfjsWebgl.details.renderer)).toMatch(/SwiftShader/);
      expect(report.backends.find((b) => b.name === 'webgl')?.device?.renderer).toBe(
        tfjsWebgl.details.renderer,
      );
      const drawn = await page.$$eval('canvas', (cs) =>
        (cs as HTMLCanvasElement[]).map((c) => c.width > 0 && c.toDataURL().length > 2000),
      );
      expect(drawn).toEqual([true, true, true]);
      await page.screenshot({ path: join(REPORTS, 'compare-page.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 1_800_000);

  it('passes the conformance suite on every backend available in the browser', () => {
    expect(report, 'the page run above did not finish').not.toBeNull();
    const r = report!;
    const available = r.backends.filter((b) => b.available).map((b) => b.name);
    expect(available).toContain('cpu');
    const c = r.conformance!;
    for (const b of available) {
      const runs = c.runs.filter((x) => x.backend === b);
      expect(
        runs.map((x) => x.dtype),
        b,
      ).toEqual(['float32', 'float64']);
      for (const x of runs)
        if (x.error) expect(x.error, `${b} ${x.dtype}`).toMatch(/^does not store float64/);
      const all = c.matrix.all[b];
      expect(all.failed, `${b}: ${all.failures.map((f) => f.message).join('\n')}`).toBe(0);
      expect(all.passed).toBeGreaterThan(300);
    }
  });

  it('writes the same report as one HTML file that opens from disk, draws its charts and fetches nothing', async () => {
    expect(report, 'the page run above did not finish').not.toBeNull();
    const file = join(outDir, 'compare.html');
    writeFileSync(file, await reportHtml(report!));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
      });
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => document.body.dataset.rendered === 'true');
      expect(await page.$$eval('#matrix td[data-verdict]', (t) => t.length)).toBeGreaterThan(10);
      expect(await page.$$eval('canvas', (c) => c.length)).toBe(3);
      expect(requests).toEqual([]);
      await page.screenshot({ path: join(REPORTS, 'compare-report.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
