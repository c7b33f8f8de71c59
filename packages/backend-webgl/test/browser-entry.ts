/**
 * Bundled by esbuild for Chromium (see browser.test.ts): the package's browser
 * entry on the page's WebGL2, running the whole conformance suite.
 */

import { runConformance } from '@polygrad/conformance';
import { initBackend } from '@polygrad/core';
import '@polygrad/backend-webgl';

interface PageResult {
  device?: Readonly<Record<string, string | number | boolean>>;
  summary?: unknown;
  failures?: { name: string; message: string }[];
  error?: string;
}

const w = globalThis as unknown as { __result?: PageResult };
(async () => {
  try {
    const be = await initBackend('webgl');
    const report = await runConformance('webgl', { dtype: 'float32' });
    w.__result = {
      device: be.deviceInfo(),
      summary: report.summary,
      failures: report.results
        .filter((r) => r.status === 'failed')
        .map((r) => ({ name: r.name, message: r.message })),
    };
  } catch (e) {
    w.__result = { error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) };
  }
})();
