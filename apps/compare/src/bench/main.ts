#!/usr/bin/env node
/**
 * `pnpm --filter @polygrad/compare bench:browser`: the same-page comparison of
 * issue #8. Builds the compare page with Vite, serves it with COOP/COEP on
 * localhost, opens it in headless Chromium (scripts/browser.mjs: SwiftShader
 * WebGL2), runs the speed set on Polygrad webgl, cpu and wasm and TF.js webgl,
 * wasm and cpu in that one page, and writes
 * benchmarks/results/webgl/<date>-<machine>-chromium.{json,md} (and the index).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { environment, machineSlug } from '@polygrad/benchmarks/env';
import { writeIndex } from '@polygrad/benchmarks/report';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, launchChromium } from '../../../../scripts/browser.mjs';
import { findWorkspaceRoot } from '../node/discover.js';
import { comparePageConfig } from '../vite/plugin.js';
import { pageFacts, runPageBench } from './page.js';
import { type BenchMeta, browserBenchMarkdown, browserBenchResult } from './result.js';

const USAGE = `usage: pnpm --filter @polygrad/compare bench:browser [--quick] [--workloads ID,...] [--out DIR] [--no-write]

Times the speed set in one Chromium page on Polygrad webgl, cpu, wasm and TF.js
webgl, wasm, cpu, and writes <date>-<machine>-chromium.{json,md} to
benchmarks/results/webgl/ (a few minutes on 2 cores).
  --quick           the quick speed set and budget (a smoke run; targets at 512 Aᵀ are not run)
  --workloads LIST  only these workloads (e.g. matmul-512,mlp-step-784-256-10)
  --out DIR         where to write (default: benchmarks/results/webgl at the workspace root)
  --no-write        print the Markdown, write nothing`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      workloads: { type: 'string' },
      out: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const appDir = fileURLToPath(new URL('../..', import.meta.url));
  const root = findWorkspaceRoot(appDir) ?? resolve(appDir, '..', '..');
  const invokedFrom = process.env.INIT_CWD ?? process.cwd();
  const outDir = values.out ? resolve(invokedFrom, values.out) : join(root, 'benchmarks', 'results', 'webgl');
  const workloads = values.workloads
    ?.split(',')
    .map((w) => w.trim())
    .filter(Boolean);

  const loadBefore = os.loadavg();
  const started = performance.now();
  const web = mkdtempSync(join(os.tmpdir(), 'polygrad-bench-browser-'));
  const config = {
    ...comparePageConfig({ appDir, outDir: web }),
    configFile: false as const,
    logLevel: 'warn' as const,
  };
  console.log('> building the compare page (Vite)…');
  await build(config);
  const server = await preview({ ...config, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const browser = await launchChromium();
  try {
    const url = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/`;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    console.log(
      `> Chromium ${browser.version()} at ${url}: speed set${values.quick ? ' (quick)' : ''} on webgl, cpu, wasm and TF.js webgl, wasm, cpu`,
    );
    await page.goto(url);
    const report = await runPageBench(page, {
      quick: values.quick,
      ...(workloads ? { workloads } : {}),
      onProgress: (line) => console.log(`  ${line}`),
    });
    const failed = report.speed?.entries.filter((e) => e.error !== null) ?? [];
    const env = environment(root);
    const meta: BenchMeta = {
      command: ['pnpm --filter @polygrad/compare bench:browser', ...process.argv.slice(2)].join(' '),
      machine: {
        cpu: env.machine.cpu,
        cores: env.machine.cores,
        memoryGiB: env.machine.memoryGiB,
        os: `${env.machine.os} ${env.machine.arch}`,
        slug: machineSlug(env),
        loadBefore,
        loadAfter: os.loadavg(),
      },
      browser: {
        version: browser.version(),
        userAgent: (await pageFacts(page)).userAgent,
        flags: CHROMIUM_ARGS,
      },
      node: process.version,
      commit: env.polygrad.commit,
      dirty: env.polygrad.dirty,
    };
    const result = browserBenchResult(report, meta);
    const md = browserBenchMarkdown(result);
    if (values['no-write']) console.log(`\n${md}`);
    else {
      mkdirSync(outDir, { recursive: true });
      const base = join(outDir, `${result.date.slice(0, 10)}-${meta.machine.slug}-chromium`);
      writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
      writeFileSync(`${base}.md`, md);
      writeIndex(outDir);
      const rel = (p: string): string => relative(invokedFrom, p) || p;
      console.log(
        `\n${result.summary}\nwrote ${rel(`${base}.json`)}, ${rel(`${base}.md`)} and README.md (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
    for (const e of failed) console.error(`${e.workload} on ${e.impl} failed: ${e.error}`);
    for (const p of problems) console.error(p);
    return failed.length || problems.length ? 1 : 0;
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
    rmSync(web, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
