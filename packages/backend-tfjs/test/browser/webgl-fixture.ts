/**
 * Bundled for Chromium by webgl.test.ts: the conformance suite on tfjs-webgl
 * (TF.js's WebGL backend; SwiftShader in headless Chromium). Prints one
 * POLYGRAD_RESULT line with the summary and every failed, declined or skipped case.
 */
import '@polygrad/backend-tfjs/webgl';
import { runConformance } from '@polygrad/conformance';
import { initBackend } from '@polygrad/core';

const g = globalThis as { polygradDone?: boolean };
try {
  const backend = await initBackend('tfjs-webgl');
  const report = await runConformance('tfjs-webgl', { dtype: 'float32' });
  const { summary } = report;
  console.log(
    `POLYGRAD_RESULT ${JSON.stringify({
      device: backend.deviceInfo(),
      summary: { ...summary, byCategory: undefined },
      failed: report.results.filter((r) => !r.passed).map((r) => r.message.slice(0, 600)),
      declined: report.results
        .filter((r) => r.declined)
        .map((r) => ({ name: r.name, kernel: r.kernel, reason: r.message })),
      skipped: report.results.filter((r) => r.skipped).map((r) => `${r.name}: ${r.message}`),
      msByCategory: report.results.reduce<Record<string, number>>((acc, r) => {
        acc[r.category] = Math.round((acc[r.category] ?? 0) + r.durationMs);
        return acc;
      }, {}),
    })}`,
  );
} catch (e) {
  console.log(`POLYGRAD_ERROR ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
} finally {
  g.polygradDone = true;
}
