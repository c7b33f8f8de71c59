/** The CLI in-process (from source): arguments, the run summary and exit status, JSON, list, coverage and --readme. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../src/cli/args.js';
import { main } from '../src/cli/run.js';
import { COVERAGE_END, COVERAGE_START } from '../src/coverage-matrix.js';
import { listCases } from '../src/index.js';
import { registerToyBackend } from './toy-backend.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'polygrad-cli-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

registerToyBackend('cli-toy');
registerToyBackend('cli-toy-fused', {
  fused: true,
  capabilities: { declines: { linear: 'no fused linear' } },
});
registerToyBackend('cli-broken', {
  override: (cpu) => ({
    binary: (a) => (a.op === 'add' ? cpu.binary({ ...a, op: 'sub' }) : cpu.binary(a)),
  }),
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    cwd: packageDir,
  });
  return { code, out, err };
}

describe('arguments', () => {
  it('defaults to run on float32 and splits comma lists', () => {
    const o = parseCliArgs([
      '--import',
      'a.js',
      '--backend',
      'x',
      '--category',
      'forward,int32',
      '--kernel',
      'matmul',
    ]);
    expect(o).toMatchObject({
      command: 'run',
      dtype: 'float32',
      categories: ['forward', 'int32'],
      kernels: ['matmul'],
    });
  });
  it('reads /regex/ filters', () => {
    expect(
      parseCliArgs(['--import', 'a', '--backend', 'x', '--filter', '/^forward\\/unary/']).filter,
    ).toEqual(/^forward\/unary/);
  });
  it.each([
    [['--backend', 'x'], /--import is required/],
    [['--import', 'a.js'], /--backend is required/],
    [
      ['--import', 'a.js', '--backend', 'x', '--dtype', 'float16'],
      /--dtype float16: unknown; expected one of float32, float64/,
    ],
    [['--import', 'a.js', '--backend', 'x', '--category', 'speed'], /--category speed: unknown/],
    [['--import', 'a.js', '--backend', 'x', '--num-runs', '0'], /--num-runs 0: expected an integer >= 1/],
    [['--import', 'a.js', '--backend', 'x', '--seed', '1.5'], /--seed 1.5: expected an integer >= 0/],
    [['--import', 'a.js', '--backend', 'x', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['coverage', '--import', 'a.js', '--check'], /--check needs --readme/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
  it('prints the usage and exits 2 on a bad argument, before importing anything', async () => {
    const r = await cli('--import', './does-not-exist.js', '--backend', 'x', '--dtype', 'float16');
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage:');
  });
  it('exits 2 when the module cannot be imported', async () => {
    const r = await cli('--import', './does-not-exist.js', '--backend', 'x');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--import \.\/does-not-exist\.js: no file .*does-not-exist\.js/);
  });
});

describe('run', () => {
  it('imports the module, runs the selected cases, prints the summary and exits 0', async () => {
    const r = await cli(
      '--import',
      './examples/my-backend.js',
      '--backend',
      'mine',
      '--category',
      'forward,int32',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("backend 'mine' (precision float32), float32");
    expect(r.out).toMatch(/^forward\s+\d+\s+0\s+\d+\s+0$/m);
    // Every int32 case passes: the row's count is the suite's, not a number copied here.
    const int32Cases = listCases({ categories: ['int32'] }).length;
    expect(int32Cases).toBeGreaterThan(0);
    expect(r.out).toMatch(new RegExp(`^int32\\s+${int32Cases}\\s+0\\s+0\\s+0$`, 'm'));
    expect(r.out).toContain('PASS — ');
  });

  it('exits 1 on a failing backend and lists each failing case with its message', async () => {
    const r = await cli(
      '--import',
      './examples/my-backend.js',
      '--backend',
      'cli-broken',
      '--filter',
      'forward/binary',
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/failing cases \(\d+\):/);
    expect(r.out).toContain('✗ forward/binary/add [forward · binary]');
    expect(r.out).toMatch(/element \d+ got .*, expected/);
    expect(r.out).toContain('FAIL — ');
    expect(r.out).toContain('failing kernels: binary');
  });

  it('lists declined cases with the reason, and writes the full report as JSON', async () => {
    const file = join(tmp, 'report.json');
    const r = await cli(
      '--import',
      './examples/my-backend.js',
      '--backend',
      'cli-toy-fused',
      '--kernel',
      'linear',
      '--json',
      file,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/declined \(\d+\):\n {2}no fused linear \(core's composition ran and passed\)/);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.tool).toBe('polygrad-conformance');
    expect(json.backend).toMatchObject({
      name: 'cli-toy-fused',
      capabilities: { declines: { linear: 'no fused linear' } },
    });
    expect(json.options.kernels).toEqual(['linear']);
    expect(json.results.length).toBe(json.summary.total);
    expect(json.results.filter((x: { status: string }) => x.status === 'declined').length).toBe(
      json.summary.declined,
    );
  });

  it('prints markdown with --markdown', async () => {
    const r = await cli(
      '--import',
      './examples/my-backend.js',
      '--backend',
      'mine',
      '--filter',
      'forward/matmul',
      '--markdown',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^## Polygrad conformance: `mine`$/m);
    expect(r.out).toContain('| category | passed | failed | skipped | declined |');
  });

  it('exits 2 when no case matches', async () => {
    const r = await cli(
      '--import',
      './examples/my-backend.js',
      '--backend',
      'mine',
      '--filter',
      'no-such-case',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('no case matches');
  });
});

describe('list and coverage', () => {
  it('lists cases', async () => {
    const r = await cli('list', '--kernel', 'scatterAdd');
    expect(r.code).toBe(0);
    expect(r.out).toContain('forward/scatterAdd/kernel');
    expect(r.out).toMatch(/\n\d+ cases\n$/);
  });

  it('prints the kernel × backend matrix: native, composed by core, declined with the reason', async () => {
    const r = await cli(
      'coverage',
      '--import',
      './examples/my-backend.js',
      '--backend',
      'cli-toy,cli-toy-fused',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^matmul\s+primitive\s+\d+\s+✓\s+✓$/m);
    expect(r.out).toMatch(/^softmax\s+fused\s+\d+\s+core\s+✓$/m);
    expect(r.out).toMatch(/^linear\s+fused\s+\d+\s+core\s+declined \[1\]$/m);
    expect(r.out).toContain("[1] cli-toy-fused declines `linear` (core's composition): no fused linear");
  });

  it('writes the markdown matrix between the markers of a README, and --check tells whether it is current', async () => {
    const readme = join(tmp, 'README.md');
    const prose = `# mine\n\nThe block between \`${COVERAGE_START}\` and \`${COVERAGE_END}\` is generated.\n\n`;
    writeFileSync(readme, `${prose}${COVERAGE_START}\nold\n${COVERAGE_END}\n\nafter\n`);
    const args = [
      'coverage',
      '--import',
      './examples/my-backend.js',
      '--backend',
      'mine',
      '--readme',
      readme,
    ];
    expect((await cli(...args, '--check')).code).toBe(1);
    expect((await cli(...args)).code).toBe(0);
    const text = readFileSync(readme, 'utf8');
    expect(text).toContain('| kernel | tier | mine |');
    expect(text).toMatch(/\| linear \| fused \| core \|/);
    expect(text.startsWith(`${prose}${COVERAGE_START}\n\n| kernel`)).toBe(true);
    expect(text.endsWith(`${COVERAGE_END}\n\nafter\n`)).toBe(true);
    expect((await cli(...args, '--check')).code).toBe(0);
  });

  it('exits 2 when the README has no markers', async () => {
    const readme = join(tmp, 'plain.md');
    writeFileSync(readme, '# nothing here\n');
    const r = await cli(
      'coverage',
      '--import',
      './examples/my-backend.js',
      '--backend',
      'mine',
      '--readme',
      readme,
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('no coverage block');
  });
});
