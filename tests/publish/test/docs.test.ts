/**
 * The API reference builds: `pnpm run docs` (scripts/docs.mjs) runs TypeDoc over
 * the public entry points of every published package and fails on a broken
 * {@link}, an exported declaration without TSDoc, or a public signature that
 * names a type its package does not export. Here in check mode (no HTML).
 */
import { expect, it } from 'vitest';
import { cleanEnv } from '../src/pnpm.js';
import { runAsync } from '../src/run.js';
import { publishedPackages, root } from '../src/workspace.js';

it('TypeDoc documents every public entry point with no warning', async () => {
  const r = await runAsync(process.execPath, ['scripts/docs.mjs', '--check'], { cwd: root, env: cleanEnv() });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  const line = r.stdout.split('\n').find((l) => l.startsWith('docs: ')) ?? '';
  for (const p of publishedPackages()) {
    const entries = Object.keys(p.manifest.exports as Record<string, unknown>).map((sub) =>
      sub === '.' ? p.manifest.name : `${p.manifest.name}/${sub.slice(2)}`,
    );
    for (const e of entries) expect(line.split(/[:,]\s*/)).toContain(e);
  }
}, 300_000);
