#!/usr/bin/env node
/**
 * `pnpm compare` / `npm start`: every backend side by side. Finds and imports
 * every backend package, runs the conformance suite and the speed set on each
 * available backend with TF.js beside them (and MNIST with --mnist), prints the
 * matrix and the tables, and writes reports/compare.json and reports/compare.html.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findWorkspaceRoot } from '../node/discover.js';
import { nodeEnvironment } from '../node/environment.js';
import { nodeBackendModules } from '../node/load.js';
import { describeBackends, loadBackendModules } from '../run/backends.js';
import { runCompare } from '../run/compare.js';
import { type CompareReport, REPORT_SCHEMA } from '../run/model.js';
import type { PeerSetup } from '../run/peers.js';
import { parseCli, USAGE } from './args.js';
import { ProgressBar } from './progress-bar.js';
import { reportText } from './tables.js';

async function main(): Promise<number> {
  const opts = parseCli(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  const here = fileURLToPath(new URL('.', import.meta.url));
  const invokedFrom = process.env.INIT_CWD ?? process.cwd();
  const outDir = resolve(opts.out ?? join(findWorkspaceRoot(invokedFrom) ?? invokedFrom, 'reports'));

  console.log('Polygrad compare — finding backend packages…');
  const packages = await loadBackendModules(nodeBackendModules(here));
  const all = await describeBackends(packages, null);
  const available = all.filter((b) => b.available).map((b) => b.name);
  if (opts.backends)
    for (const b of opts.backends)
      if (!all.some((x) => x.name === b))
        throw new Error(
          `--backends: no backend named '${b}' is registered; registered: ${all.map((x) => x.name).join(', ')}`,
        );
  const selected = new Set((opts.backends ?? available).filter((b) => available.includes(b)));
  const backends = await describeBackends(packages, selected);

  // TF.js, MNIST and the report bundler load only when used: argument errors and --help answer at once.
  const peerSetup: PeerSetup =
    opts.speed && opts.peers?.length !== 0
      ? await (await import('../node/peers.js')).nodePeers()
      : { entries: [], runtimes: [] };
  if (opts.peers)
    for (const p of opts.peers)
      if (!peerSetup.entries.some((e) => e.name === `peer:${p}`))
        throw new Error(`--peers: unknown peer '${p}'; expected tfjs-cpu and/or tfjs-wasm`);
  const wantPeer = (name: string): boolean =>
    opts.peers === null || opts.peers.includes(name.replace(/^peer:/, ''));
  const peers = peerSetup.runtimes.filter((p) => wantPeer(p.name));

  const bar = new ProgressBar();
  const preview: CompareReport = {
    schema: REPORT_SCHEMA,
    date: new Date().toISOString(),
    where: 'node',
    environment: nodeEnvironment(invokedFrom),
    settings: {
      quick: opts.quick,
      mnist: opts.mnist,
      dtypes: opts.dtypes,
      command: process.argv.slice(2).join(' ') || null,
    },
    packages,
    backends,
    peers: peerSetup.entries.map((e) => ({ ...e, selected: e.available && wantPeer(e.name) })),
    conformance: null,
    speed: null,
    mnist: null,
    durationS: 0,
  };
  console.log(reportText(preview).split('\n\nTotal')[0]);
  console.log('');
  if (selected.size === 0) {
    console.error('No backend can run here (see the reasons above).');
    return 1;
  }

  const results = await runCompare({
    backends: [...selected],
    peers,
    quick: opts.quick,
    dtypes: opts.dtypes,
    conformance: opts.conformance,
    speed: opts.speed,
    mnist: opts.mnist
      ? (await import('../node/mnist.js')).nodeMnistRunner({
          ...(opts.mnistEpochs ? { epochs: opts.mnistEpochs } : {}),
          ...(opts.mnistLimit ? { limit: opts.mnistLimit } : {}),
        })
      : null,
    onProgress: (e) => bar.update(e),
    log: (line) => bar.log(line),
  });
  bar.clear();

  const report: CompareReport = { ...preview, ...results, durationS: (performance.now() - started) / 1000 };
  console.log(`\n${reportText(report)}`);
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, 'compare.json');
  const html = join(outDir, 'compare.html');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(html, await (await import('../report/html.js')).reportHtml(report));
  const rel = (p: string): string => {
    const r = relative(invokedFrom, p);
    return r && !r.startsWith('..') ? r : p;
  };
  console.log(`\nwrote ${rel(json)} and ${rel(html)} (open it in a browser; it needs no server)`);

  const failed =
    (report.conformance?.runs.some((r) => r.failed > 0) ?? false) ||
    (report.mnist?.runs.some((r) => r.error !== null || !r.reachedTarget) ?? false);
  if (failed) console.log('Some backend failed a conformance case or missed the MNIST target (see above).');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
