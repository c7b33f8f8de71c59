/** What the JavaScript host offers: Node or a browser, cores, shared memory, workers. */
import { browserWorkerHost, nodeWorkerHost, type WorkerHost } from './thread-pool.js';

export type HostKind = 'node' | 'browser';

interface HostGlobals {
  process?: { versions?: { node?: string } };
  navigator?: { hardwareConcurrency?: number };
  crossOriginIsolated?: boolean;
  SharedArrayBuffer?: unknown;
  Worker?: unknown;
  document?: unknown;
}

const g = globalThis as unknown as HostGlobals;

export function hostKind(): HostKind {
  return typeof g.process?.versions?.node === 'string' ? 'node' : 'browser';
}

/** Logical cores the host reports (1 when it does not say). */
export async function hardwareConcurrency(): Promise<number> {
  const n = g.navigator?.hardwareConcurrency;
  if (typeof n === 'number' && n > 0) return n;
  if (hostKind() === 'node') {
    const specifier = ['node', 'os'].join(':');
    const os = (await import(/* @vite-ignore */ specifier)) as {
      availableParallelism?: () => number;
      cpus: () => unknown[];
    };
    return os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  }
  return 1;
}

/**
 * How to run kernel threads here, or why not: shared WebAssembly memory needs
 * SharedArrayBuffer (in browsers only on cross-origin-isolated pages) and a
 * way to start workers.
 */
export async function threadSupport(): Promise<{ host: WorkerHost } | { reason: string }> {
  if (typeof g.SharedArrayBuffer !== 'function') {
    return {
      reason:
        hostKind() === 'browser'
          ? 'SharedArrayBuffer is unavailable: the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)'
          : 'SharedArrayBuffer is unavailable in this runtime',
    };
  }
  if (hostKind() === 'browser' && g.crossOriginIsolated !== true) {
    return {
      reason:
        'the page is not cross-origin isolated, so WebAssembly memory cannot be shared (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)',
    };
  }
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch (e) {
    return {
      reason: `shared WebAssembly.Memory is unavailable: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  if (hostKind() === 'node') {
    try {
      return { host: await nodeWorkerHost() };
    } catch (e) {
      return { reason: `worker_threads is unavailable: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  if (typeof g.Worker !== 'function') return { reason: 'Worker is unavailable in this context' };
  return { host: browserWorkerHost() };
}
