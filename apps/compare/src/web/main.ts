/**
 * The compare page: imports every backend package the build found, lists the
 * backends (unavailable ones with their reason), and on Run computes the same
 * matrix, tables and charts as the CLI — in this browser, on its own WebGL and
 * WebAssembly. `window.polygradCompare` lets tests drive it.
 */

import { backendModules } from 'virtual:polygrad-backends';
import Chart from 'chart.js/auto';
import { REPORT_CSS, renderReport } from '../report/render.js';
import { describeBackends, loadBackendModules } from '../run/backends.js';
import { runCompare } from '../run/compare.js';
import { type CompareReport, type Environment, REPORT_SCHEMA } from '../run/model.js';
import type { PageApi, PageRunOptions } from '../run/page-api.js';
import type { PeerSetup } from '../run/peers.js';
import type { ProgressEvent } from '../run/progress.js';
import { browserPeers, serveTfjsWasm } from './peers.js';

export type { PageApi, PageRunOptions } from '../run/page-api.js';

declare global {
  interface Window {
    polygradCompare: PageApi;
  }
}

const $ = <T extends HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`compare page: #${id} is missing`);
  return e as T;
};

const style = document.createElement('style');
style.textContent = REPORT_CSS;
document.head.append(style);

function environment(): Environment {
  const ua = navigator.userAgent;
  const browser = /(HeadlessChrome|Chrome|Firefox|Safari)\/[\d.]+/.exec(ua)?.[0] ?? ua;
  return {
    runtime: browser,
    platform: navigator.platform || 'unknown',
    cpu: null,
    cores: navigator.hardwareConcurrency || null,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    commit: null,
  };
}

function checkbox(
  list: HTMLElement,
  value: string,
  label: string,
  available: boolean,
  reason: string,
  kind: 'backend' | 'peer',
): void {
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.value = value;
  input.name = kind;
  input.checked = available;
  input.disabled = !available;
  input.dataset.kind = kind;
  const l = document.createElement('label');
  l.className = available ? 'available' : 'unavailable';
  l.append(input, label);
  if (!available) {
    const why = document.createElement('span');
    why.className = 'why';
    why.textContent = `(unavailable: ${reason})`;
    l.append(why);
  }
  list.append(l);
}

function checked(kind: 'backend' | 'peer'): string[] {
  return Array.from(document.querySelectorAll<HTMLInputElement>(`input[data-kind="${kind}"]`))
    .filter((i) => i.checked && !i.disabled)
    .map((i) => i.value);
}

let charts: Chart[] = [];
let peerSetup: PeerSetup = { entries: [], runtimes: [] };
let running = false;

/**
 * Update the progress at most every 100 ms, then give the browser a few idle
 * milliseconds (a 0 ms timer lets it run tasks but often not paint), so the bar
 * moves and input is answered while the run goes on.
 */
let lastPaint = 0;
async function showProgress(e: ProgressEvent): Promise<void> {
  const now = performance.now();
  if (now - lastPaint < 100 && e.phase !== 'done') return;
  lastPaint = now;
  $<HTMLProgressElement>('progress').value = e.fraction;
  $('progress-text').textContent =
    e.phase === 'done'
      ? `done in ${(e.elapsedMs / 1000).toFixed(1)} s`
      : `${Math.floor(e.fraction * 100)}% · ${e.task}${e.step ? ` · ${e.step}` : ''}${e.total > 1 ? ` (${e.done}/${e.total})` : ''}`;
  await new Promise((r) => setTimeout(r, 8));
}

const api: PageApi = {
  ready: Promise.resolve(),
  packages: [],
  report: null,
  async run(options: PageRunOptions = {}): Promise<CompareReport> {
    if (running) throw new Error('compare page: a run is already in progress');
    await api.ready;
    const setChecks = (kind: 'backend' | 'peer', names: readonly string[] | undefined): void => {
      if (!names) return;
      for (const i of Array.from(document.querySelectorAll<HTMLInputElement>(`input[data-kind="${kind}"]`)))
        i.checked = !i.disabled && names.includes(i.value);
    };
    setChecks('backend', options.backends);
    setChecks('peer', options.peers);
    const flags: [string, boolean | undefined][] = [
      ['opt-quick', options.quick],
      ['opt-float64', options.float64],
      ['opt-conformance', options.conformance],
      ['opt-speed', options.speed],
    ];
    for (const [id, v] of flags) if (v !== undefined) $<HTMLInputElement>(id).checked = v;
    return runFromControls(options.workloads);
  },
};
window.polygradCompare = api;

/** Run what the controls say; `workloads` narrows the speed set (the API only, not a control). */
async function runFromControls(workloads?: readonly string[]): Promise<CompareReport> {
  running = true;
  const button = $<HTMLButtonElement>('run');
  button.disabled = true;
  const started = performance.now();
  try {
    const backends = checked('backend');
    const peerIds = checked('peer');
    const quick = $<HTMLInputElement>('opt-quick').checked;
    const dtypes = $<HTMLInputElement>('opt-float64').checked
      ? (['float32', 'float64'] as const)
      : (['float32'] as const);
    const speed = $<HTMLInputElement>('opt-speed').checked;
    $('status').textContent = `Running on ${backends.join(', ') || 'no backend'}…`;
    document.body.dataset.state = 'running';
    const results = await runCompare({
      backends,
      peers: speed ? peerSetup.runtimes.filter((p) => peerIds.includes(p.name)) : [],
      quick,
      dtypes,
      conformance: $<HTMLInputElement>('opt-conformance').checked,
      speed,
      ...(workloads ? { workloads } : {}),
      mnist: null,
      onProgress: showProgress,
    });
    const report: CompareReport = {
      schema: REPORT_SCHEMA,
      date: new Date().toISOString(),
      where: 'browser',
      environment: environment(),
      settings: { quick, mnist: false, dtypes, command: null },
      packages: api.packages,
      backends: await describeBackends(api.packages, new Set(backends)),
      peers: peerSetup.entries.map((e) => ({ ...e, selected: speed && peerIds.includes(e.name) })),
      ...results,
      durationS: (performance.now() - started) / 1000,
    };
    for (const c of charts) c.destroy();
    charts = renderReport($('results'), report, Chart);
    api.report = report;
    $('status').textContent = `Finished in ${report.durationS.toFixed(1)} s.`;
    document.body.dataset.state = 'done';
    return report;
  } catch (e) {
    $('status').textContent = `The run failed: ${e instanceof Error ? e.message : String(e)}`;
    document.body.dataset.state = 'failed';
    throw e;
  } finally {
    running = false;
    button.disabled = false;
  }
}

async function start(): Promise<void> {
  serveTfjsWasm();
  api.packages = await loadBackendModules(backendModules);
  const backends = await describeBackends(api.packages, null);
  peerSetup = await browserPeers();
  const list = $('backend-list');
  for (const b of backends) checkbox(list, b.name, b.name, b.available, b.reason, 'backend');
  const peers = $('peer-list');
  for (const p of peerSetup.entries) checkbox(peers, p.name, p.label, p.available, p.reason, 'peer');
  const broken = api.packages.filter((p) => p.error);
  $('status').textContent =
    `${backends.filter((b) => b.available).length} of ${backends.length} backends can run here` +
    ` (from ${api.packages.length} packages${broken.length ? `; could not import ${broken.map((p) => `${p.name}: ${p.error}`).join('; ')}` : ''})` +
    `; cross-origin isolated: ${globalThis.crossOriginIsolated === true ? 'yes' : 'no'}.`;
  const button = $<HTMLButtonElement>('run');
  button.disabled = false;
  button.addEventListener('click', () => {
    runFromControls().catch(() => undefined);
  });
  document.body.dataset.state = 'ready';
}

api.ready = start().catch((e: unknown) => {
  $('status').textContent = `The page could not start: ${e instanceof Error ? e.message : String(e)}`;
  document.body.dataset.state = 'failed';
  throw e;
});
