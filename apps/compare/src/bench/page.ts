/**
 * Drive the compare page for the browser benchmark: wait until it is ready,
 * check that every benchmarked backend and peer can run there (no silent
 * omission), run the speed set through `window.polygradCompare.run`, and
 * return its report. The caller builds, serves and opens the page.
 */
import type { Page } from 'playwright-core';
import type { CompareReport } from '../run/model.js';
import type { PageApi, PageRunOptions } from '../run/page-api.js';
import { BENCH_BACKENDS, BENCH_PEERS } from './result.js';

type Win = Window & { polygradCompare: PageApi };

export interface PageBenchOptions {
  readonly quick: boolean;
  /** Only these workloads of the speed set (default: all). */
  readonly workloads?: readonly string[];
  /** Called every few seconds with the page's progress line. */
  readonly onProgress?: (line: string) => void;
}

/** Wait for the page's `data-state` to leave `loading`; throws with its status line unless it is ready. */
export async function waitUntilReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state !== undefined, null, {
    timeout: 180_000,
    polling: 500,
  });
  const state = await page.getAttribute('body', 'data-state');
  if (state !== 'ready')
    throw new Error(
      `the compare page did not get ready (state ${state}): ${await page.textContent('#status')}`,
    );
}

/** The benchmarked implementations that cannot run in this page, with the page's reasons. */
export async function unavailable(page: Page): Promise<string[]> {
  const boxes = await page.$$eval('input[data-kind]', (els) =>
    (els as HTMLInputElement[]).map((e) => ({
      name: e.value,
      enabled: !e.disabled,
      why: e.parentElement?.querySelector('.why')?.textContent ?? '',
    })),
  );
  const missing: string[] = [];
  for (const name of [...BENCH_BACKENDS, ...BENCH_PEERS]) {
    const box = boxes.find((b) => b.name === name);
    if (!box) missing.push(`${name}: not in the page`);
    else if (!box.enabled) missing.push(`${name} ${box.why}`);
  }
  return missing;
}

export async function runPageBench(page: Page, o: PageBenchOptions): Promise<CompareReport> {
  await waitUntilReady(page);
  const missing = await unavailable(page);
  if (missing.length) throw new Error(`cannot run the browser benchmark here: ${missing.join('; ')}`);
  const options: PageRunOptions = {
    backends: [...BENCH_BACKENDS],
    peers: [...BENCH_PEERS],
    quick: o.quick,
    conformance: false,
    float64: false,
    speed: true,
    ...(o.workloads ? { workloads: o.workloads } : {}),
  };
  // The run keeps the page's main thread busy; it yields between samples, so the progress
  // line can be read meanwhile (a read waits for the next yield, never for the whole run).
  let polling = true;
  const poll = (async () => {
    let last = '';
    while (polling) {
      await new Promise((r) => setTimeout(r, 5000));
      if (!polling) break;
      const line = (await page.textContent('#progress-text').catch(() => null)) ?? '';
      if (line && line !== last) o.onProgress?.(line);
      last = line;
    }
  })();
  try {
    return (await page.evaluate(
      (opts) => (window as unknown as Win).polygradCompare.run(opts),
      options,
    )) as CompareReport;
  } finally {
    polling = false;
    await poll;
  }
}

/** navigator facts the report does not carry. */
export async function pageFacts(page: Page): Promise<{ userAgent: string }> {
  return page.evaluate(() => ({ userAgent: navigator.userAgent }));
}
