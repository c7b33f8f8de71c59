/** The built CLI as `npm start` runs it (quick; cpu alone, no peers, float32 to keep it short), plus its argument errors. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CompareReport } from '../src/run/model.js';
import { APP_DIR } from './helpers.js';

const out = mkdtempSync(join(tmpdir(), 'polygrad-compare-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--expose-gc', join(APP_DIR, 'dist', 'cli', 'main.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: out },
    timeout: 240_000,
  });
}

describe('polygrad-compare', () => {
  it('runs, prints the report and writes compare.json and compare.html', () => {
    const r = cli('--quick', '--backends', 'cpu', '--no-peers', '--dtypes', 'float32', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Correctness — conformance suite \(float32\)/);
    expect(r.stdout).toMatch(/^all +✓ (\d+)\/\1/m);
    expect(r.stdout).toMatch(/^matmul 512 A·Bᵀ +[\d.]+ GFLOPS$/m);
    expect(r.stdout).toMatch(/^\[ *\d+%\] conformance cpu float32: \d+ passed, 0 failed/m); // progress lines off a TTY
    const report = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as CompareReport;
    expect(report.backends.find((b) => b.name === 'cpu')).toMatchObject({
      selected: true,
      package: '@polygrad/backend-cpu',
    });
    expect(report.speed!.entries.every((e) => e.impl === 'cpu' && e.error === null && e.medianMs > 0)).toBe(
      true,
    );
    expect(existsSync(join(out, 'compare.html'))).toBe(true);
  });

  it('names what is wrong with its arguments', () => {
    const unknown = cli('--backends', 'nope', '--no-speed', '--out', out);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/--backends: no backend named 'nope' is registered; registered: .*cpu/);
    const dtype = cli('--dtypes', 'int32');
    expect(dtype.status).toBe(1);
    expect(dtype.stderr).toMatch(/--dtypes: 'int32' is not a float dtype/);
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: pnpm compare/);
  });
});
