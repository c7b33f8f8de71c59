/**
 * The GC safety net: a tensor dropped without dispose() has its storage freed by the garbage
 * collector (FinalizationRegistry), whether it was made at top level, in a burst longer than the
 * deferred-registration queue, or survived a tidy(); a tensor disposed before its registration
 * happened is neither freed twice nor kept. Runs in a child Node with --expose-gc over the built
 * packages, since collection must be forced.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const core = pathToFileURL(join(here, '..', '..', 'dist', 'index.js')).href;
const cpu = pathToFileURL(join(here, '..', '..', '..', 'backend-cpu', 'dist', 'index.js')).href;

const script = `
import * as pg from ${JSON.stringify(core)};
import ${JSON.stringify(cpu)};
const tick = () => new Promise((r) => setTimeout(r, 0));
async function collect() {
  for (let i = 0; i < 6; i++) { globalThis.gc(); await tick(); }
}
const out = {};
const base = pg.memory().tensors;
// 1. Made and dropped at top level (a few, then a burst past the registration queue's bound).
(() => { for (let i = 0; i < 10; i++) pg.add(pg.ones([16]), 1); })();
out.liveBeforeGc = pg.memory().tensors - base;
await collect();
out.afterSmall = pg.memory().tensors - base;
(() => { for (let i = 0; i < 10000; i++) pg.ones([4]); })();
await collect();
out.afterBurst = pg.memory().tensors - base;
// 2. Disposed in the same task it was made: counted once, not freed again by the collector.
(() => { for (let i = 0; i < 100; i++) pg.ones([4]).dispose(); })();
out.afterDisposed = pg.memory().tensors - base;
await collect();
out.afterDisposedGc = pg.memory().tensors - base;
// 3. A tidy() result that is dropped later.
(() => { pg.tidy(() => pg.mul(pg.ones([8]), 2)); })();
await collect();
out.afterTidy = pg.memory().tensors - base;
// 4. A tensor kept by a reference survives collection with its values.
const kept = pg.tensor([1, 2, 3]);
await collect();
out.keptValues = Array.from(kept.dataSync());
out.keptLive = pg.memory().tensors - base;
console.log(JSON.stringify(out));
`;

it('frees dropped tensors on collection, never a disposed one twice, and keeps referenced ones', () => {
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  expect(out.liveBeforeGc).toBe(20);
  expect(out.afterSmall).toBe(0);
  expect(out.afterBurst).toBe(0);
  expect(out.afterDisposed).toBe(0);
  expect(out.afterDisposedGc).toBe(0);
  expect(out.afterTidy).toBe(0);
  expect(out.keptValues).toEqual([1, 2, 3]);
  expect(out.keptLive).toBe(1);
}, 90_000);
