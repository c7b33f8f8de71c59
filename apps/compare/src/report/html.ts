/**
 * Node: the self-contained `compare.html` — one file that opens from disk with
 * no network: the report's JSON, the renderer and Chart.js bundled inline (esbuild).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { CompareReport } from '../run/model.js';
import { REPORT_CSS } from './render.js';

/** The report script's entry: compiled JS next to this file, or the TS source when run from source (tests). */
function entryPoint(): string {
  for (const ext of ['.js', '.ts']) {
    const p = fileURLToPath(new URL(`./report-entry${ext}`, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('compare report: report-entry.js not found next to html.js (is @polygrad/compare built?)');
}

let bundled: Promise<string> | null = null;

/** Chart.js + the renderer as one browser script (built once per process). */
export function reportScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [entryPoint()],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'inline',
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text);
  return bundled;
}

/** JSON that is safe inside a <script> element. */
function embed(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function reportHtml(report: CompareReport): Promise<string> {
  const script = await reportScript();
  const title = `Polygrad compare — ${report.backends
    .filter((b) => b.selected)
    .map((b) => b.name)
    .join(', ')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body { margin: 24px; background: #fff; }${REPORT_CSS}</style>
</head>
<body>
<div id="app">Rendering… (this report needs JavaScript)</div>
<script type="application/json" id="compare-data">${embed(JSON.stringify(report))}</script>
<script>${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}
