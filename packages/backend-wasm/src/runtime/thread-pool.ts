/**
 * Kernel threads over one shared WebAssembly.Memory.
 *
 * A job is split into chunks (see assembly/jobs.ts); the calling thread and
 * every worker claim chunk indices from one atomic counter, so a slow or
 * sleeping worker never holds the caller up: whatever is unclaimed, the caller
 * runs itself. The caller then waits only for chunks already claimed by
 * workers: Node blocks in `Atomics.wait`; a browser main thread may not block,
 * so it spins on `Atomics.load` (the chunks it waits for are already running).
 *
 * Every output element belongs to exactly one chunk and is computed by the
 * same code whichever thread runs it, so results are bit-identical for any
 * thread count.
 */
import { WORKER_SOURCE } from './worker-source.js';

/** Int32 slots of the control block. */
export const CTRL = { GEN: 0, NEXT: 1, TOTAL: 2, DONE: 3, STOP: 4, ERROR: 5, ERRLEN: 6 } as const;
export const CTRL_BYTES = 64;
export const ERROR_TEXT_BYTES = 512;

/** What the caller needs to create workers in this environment. */
export interface WorkerHost {
  /** Starts a worker running WORKER_SOURCE with `data`; resolves when it reports ready. */
  spawn(data: WorkerData): Promise<{ terminate(): void }>;
  /** Whether this thread may block in Atomics.wait (Node: yes; a browser main thread: no). */
  readonly canBlock: boolean;
}

export interface WorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly ctrlPtr: number;
  readonly jobPtr: number;
  readonly workPtr: number;
  readonly errPtr: number;
  /** Atomics.load iterations a worker spins before sleeping (bridges back-to-back kernels). */
  readonly spin: number;
}

interface NodeWorker {
  on(event: 'message' | 'error' | 'exit', fn: (v: unknown) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}
interface NodeWorkerThreads {
  Worker: new (src: string, opts: { eval: true; workerData: WorkerData }) => NodeWorker;
}

function waitReady(
  on: (event: 'message' | 'error', fn: (v: unknown) => void) => void,
  what: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    on('message', (m) => {
      if (m === 'ready') resolve();
    });
    on('error', (e) =>
      reject(new Error(`${what} failed to start: ${e instanceof Error ? e.message : String(e)}`)),
    );
  });
}

/** Node: worker_threads, imported only here and only when running in Node. */
export async function nodeWorkerHost(): Promise<WorkerHost> {
  // A computed specifier keeps browser bundlers from trying to resolve a Node built-in.
  const specifier = ['node', 'worker_threads'].join(':');
  const wt = (await import(/* @vite-ignore */ specifier)) as NodeWorkerThreads;
  return {
    canBlock: true,
    async spawn(data) {
      const w = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: data });
      await waitReady((ev, fn) => w.on(ev, fn), 'worker_threads Worker');
      w.unref(); // an idle kernel thread never keeps the process alive
      return { terminate: () => void w.terminate() };
    },
  };
}

interface BrowserWorker {
  postMessage(data: unknown): void;
  addEventListener(event: 'message' | 'error', fn: (e: { data?: unknown; message?: string }) => void): void;
  terminate(): void;
}

/** Browsers: a Worker from a Blob URL; the main thread cannot block, workers can. */
export function browserWorkerHost(): WorkerHost {
  const g = globalThis as unknown as {
    Worker: new (url: string) => BrowserWorker;
    Blob: typeof Blob;
    URL: typeof URL;
    document?: unknown;
  };
  const url = g.URL.createObjectURL(new g.Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  return {
    // a dedicated worker may block; the window's main thread may not
    canBlock: g.document === undefined,
    async spawn(data) {
      const w = new g.Worker(url);
      const ready = waitReady(
        (ev, fn) =>
          w.addEventListener(ev, (e) =>
            fn(ev === 'message' ? e.data : new Error(e.message ?? 'worker error')),
          ),
        'Worker',
      );
      w.postMessage(data);
      await ready;
      return { terminate: () => w.terminate() };
    },
  };
}

/** How much work the pool spread: jobs, their chunks, and the chunks workers ran. */
export interface ThreadStats {
  readonly jobs: number;
  readonly chunks: number;
  readonly chunksOnWorkers: number;
}

export class ThreadPool {
  private readonly ctrl: Int32Array;
  private jobs = 0;
  private chunks = 0;
  private chunksOnWorkers = 0;
  private readonly workers: { terminate(): void }[] = [];

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly ctrlPtr: number,
    private readonly errPtr: number,
    private readonly canBlock: boolean,
  ) {
    // Shared memory buffers are never detached by growth, so this view stays valid.
    this.ctrl = new Int32Array(memory.buffer, ctrlPtr, CTRL_BYTES / 4);
  }

  /** Starts `workPtrs.length` workers (thread 0 is the caller, so pass the workers' scratch only). */
  static async start(
    host: WorkerHost,
    base: Omit<WorkerData, 'workPtr'>,
    workPtrs: readonly number[],
  ): Promise<ThreadPool> {
    const pool = new ThreadPool(base.memory, base.ctrlPtr, base.errPtr, host.canBlock);
    Atomics.store(pool.ctrl, CTRL.NEXT, 0x7fffffff);
    try {
      for (const workPtr of workPtrs) pool.workers.push(await host.spawn({ ...base, workPtr }));
    } catch (e) {
      pool.dispose();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length + 1;
  }

  /**
   * Runs chunks [0, chunks) of the job already written to memory, on the caller
   * and the workers; `runOne(c)` runs chunk c on the calling thread. Returns the
   * first error message of a worker, or null.
   */
  run(chunks: number, runOne: (c: number) => void): string | null {
    const ctrl = this.ctrl;
    Atomics.store(ctrl, CTRL.TOTAL, chunks);
    Atomics.store(ctrl, CTRL.DONE, 0);
    Atomics.store(ctrl, CTRL.ERROR, 0);
    Atomics.store(ctrl, CTRL.NEXT, 0);
    Atomics.add(ctrl, CTRL.GEN, 1);
    Atomics.notify(ctrl, CTRL.GEN);
    let callerError: unknown = null;
    let mine = 0;
    for (;;) {
      const c = Atomics.add(ctrl, CTRL.NEXT, 1);
      if (c < 0 || c >= chunks) break;
      mine++;
      if (callerError === null) {
        try {
          runOne(c);
        } catch (e) {
          callerError = e;
        }
      }
      Atomics.add(ctrl, CTRL.DONE, 1);
    }
    for (;;) {
      const done = Atomics.load(ctrl, CTRL.DONE);
      if (done >= chunks) break;
      if (this.canBlock) Atomics.wait(ctrl, CTRL.DONE, done, 1000);
    }
    // No stale worker may claim a chunk of this job any more.
    Atomics.store(ctrl, CTRL.NEXT, 0x7fffffff);
    this.jobs++;
    this.chunks += chunks;
    this.chunksOnWorkers += chunks - mine;
    if (callerError !== null) throw callerError;
    if (Atomics.load(ctrl, CTRL.ERROR) === 0) return null;
    const len = Atomics.load(ctrl, CTRL.ERRLEN);
    const chars = new Uint16Array(this.memory.buffer, this.errPtr, len);
    return String.fromCharCode(...chars);
  }

  stats(): ThreadStats {
    return { jobs: this.jobs, chunks: this.chunks, chunksOnWorkers: this.chunksOnWorkers };
  }

  dispose(): void {
    Atomics.store(this.ctrl, CTRL.STOP, 1);
    Atomics.add(this.ctrl, CTRL.GEN, 1);
    Atomics.notify(this.ctrl, CTRL.GEN);
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}
