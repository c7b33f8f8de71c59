/**
 * One running instance of the kernels: linear memory, its allocator, the
 * module's exports on the calling thread, the thread pool, and the small
 * fixed blocks through which the host hands work to the module (the job
 * block, the loop descriptor, the control block and per-thread scratch).
 *
 * Typed-array views of the memory are rebuilt whenever the allocator grew it
 * (`Allocator.generation`), so no view outlives a growth.
 */
import { Allocator, OutOfMemoryError } from './allocator.js';
import { compiledModule, detectSimd, instantiate, type KernelExports, type SimdLevel } from './builds.js';
import type { JobId } from './codes.js';
import { hardwareConcurrency, hostKind, threadSupport } from './environment.js';
import { CTRL_BYTES, ERROR_TEXT_BYTES, ThreadPool, type ThreadStats } from './thread-pool.js';

const PAGE = 65536;
const WASM32_MAX_BYTES = 65536 * PAGE;
/** Widest column block a matmul chunk takes (sizes each thread's packing scratch). */
export const MATMUL_MAX_CHUNK_COLUMNS = 256;
const MAX_JOB_ARGS = 24;
export const MAX_DESC_RANK = 32;
const DESC_BYTES = 4 * (1 + 5 * MAX_DESC_RANK);

export interface RuntimeOptions {
  /** Kernel threads including the caller; 1 = no workers. */
  readonly threads: number | 'auto';
  readonly simd: 'auto' | SimdLevel;
  readonly initialMemoryBytes: number;
  readonly maximumMemoryBytes: number;
  /** Atomics.load iterations a worker spins before it sleeps. */
  readonly workerSpin: number;
}

/** A failure inside the module (a WebAssembly trap), with the thread it happened on. */
export class KernelTrap extends Error {}

export class WasmRuntime {
  readonly allocator: Allocator;
  private gen = -1;
  private f64 = new Float64Array(0);
  private i32 = new Int32Array(0);

  private constructor(
    readonly memory: WebAssembly.Memory,
    readonly exports: KernelExports,
    readonly simd: SimdLevel,
    readonly shared: boolean,
    readonly maximumBytes: number,
    /** Why the runtime is single-threaded ('' when it has workers). */
    readonly threadsNote: string,
    private readonly jobPtr: number,
    readonly descPtr: number,
    private readonly work0: number,
    allocator: Allocator,
    private pool: ThreadPool | null,
  ) {
    this.allocator = allocator;
  }

  static async create(opts: RuntimeOptions): Promise<WasmRuntime> {
    const available = detectSimd();
    if (available === null) {
      throw new Error(
        'WebAssembly 128-bit SIMD is not supported by this runtime (Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4 have it)',
      );
    }
    let simd: SimdLevel = available;
    if (opts.simd === 'relaxed-simd' && available !== 'relaxed-simd') {
      throw new Error(
        "relaxed SIMD was requested but this runtime does not validate it (Node 20 needs --experimental-wasm-relaxed-simd); use simd: 'auto' or 'simd'",
      );
    }
    if (opts.simd === 'simd') simd = 'simd';

    const cores = await hardwareConcurrency();
    let threads = opts.threads === 'auto' ? Math.min(2, cores) : Math.max(1, Math.floor(opts.threads));
    let note = '';
    let support: Awaited<ReturnType<typeof threadSupport>> | null = null;
    if (threads > 1) {
      support = await threadSupport();
      if ('reason' in support) {
        note = support.reason;
        threads = 1;
      }
    } else {
      note = opts.threads === 'auto' ? `the host reports ${cores} core` : 'one thread was requested';
    }
    const shared = threads > 1;
    const maximumBytes = Math.min(WASM32_MAX_BYTES, Math.max(PAGE, opts.maximumMemoryBytes));
    const maxPages = Math.floor(maximumBytes / PAGE);
    const initialPages = Math.min(maxPages, Math.max(1, Math.ceil(opts.initialMemoryBytes / PAGE)));
    const memory = new WebAssembly.Memory({ initial: initialPages, maximum: maxPages, shared });
    const module = await compiledModule(simd, shared);
    const exports = await instantiate(module, memory);

    const allocator = new Allocator(memory, exports.heapBase(), maxPages * PAGE);
    const fixed = (bytes: number): number => allocator.alloc(bytes).ptr;
    const ctrlPtr = fixed(CTRL_BYTES);
    const errPtr = fixed(ERROR_TEXT_BYTES);
    const jobPtr = fixed(8 * (3 + MAX_JOB_ARGS));
    const descPtr = fixed(DESC_BYTES);
    const workBytes = exports.matmulWorkBytes(MATMUL_MAX_CHUNK_COLUMNS);
    const workPtrs: number[] = [];
    for (let t = 0; t < threads; t++) workPtrs.push(fixed(workBytes));

    let pool: ThreadPool | null = null;
    if (threads > 1 && support && 'host' in support) {
      pool = await ThreadPool.start(
        support.host,
        { module, memory, ctrlPtr, jobPtr, errPtr, spin: opts.workerSpin },
        workPtrs.slice(1),
      );
    }
    return new WasmRuntime(
      memory,
      exports,
      simd,
      shared,
      maxPages * PAGE,
      note,
      jobPtr,
      descPtr,
      workPtrs[0],
      allocator,
      pool,
    );
  }

  get threads(): number {
    return this.pool ? this.pool.size : 1;
  }

  /** Jobs and chunks spread over threads so far (zeros when single-threaded). */
  threadStats(): ThreadStats {
    return this.pool ? this.pool.stats() : { jobs: 0, chunks: 0, chunksOnWorkers: 0 };
  }

  get host(): string {
    return hostKind();
  }

  /** Views of the whole memory, rebuilt after growth. */
  private refresh(): void {
    if (this.gen === this.allocator.generation) return;
    const buf = this.memory.buffer;
    this.f64 = new Float64Array(buf);
    this.i32 = new Int32Array(buf);
    this.gen = this.allocator.generation;
  }

  /** A fresh view of `length` elements at `ptr` (valid until the next allocation). */
  view<T extends Float32Array | Float64Array | Int32Array | Uint8Array>(
    ctor: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T },
    ptr: number,
    length: number,
  ): T {
    return new ctor(this.memory.buffer, ptr, length);
  }

  /** Writes a collapsed loop descriptor (see assembly/loop.ts) for up to four operands. */
  writeDesc(shape: readonly number[], strides: readonly (readonly number[])[]): void {
    this.refresh();
    const rank = shape.length;
    if (rank > MAX_DESC_RANK) throw new RangeError(`loop rank ${rank} exceeds ${MAX_DESC_RANK}`);
    const d = this.i32;
    const base = this.descPtr >>> 2;
    d[base] = rank;
    for (let i = 0; i < rank; i++) d[base + 1 + i] = shape[i];
    for (let k = 0; k < 4; k++) {
      const s = strides[k];
      const at = base + 1 + rank * (1 + k);
      for (let i = 0; i < rank; i++) d[at + i] = s ? s[i] : 0;
    }
  }

  /** A one-dimensional loop of `n` elements; inner strides 1 (dense) or 0 (one element) per operand. */
  writeFlatDesc(n: number, s1: number, s2: number, s3: number): void {
    this.refresh();
    const d = this.i32;
    const base = this.descPtr >>> 2;
    d[base] = 1;
    d[base + 1] = n;
    d[base + 2] = 1;
    d[base + 3] = s1;
    d[base + 4] = s2;
    d[base + 5] = s3;
  }

  /** Items per chunk for `total` items when a chunk should hold at least `minPerChunk`. */
  split(total: number, minPerChunk: number): number {
    const t = this.threads;
    if (t === 1 || total <= minPerChunk) return Math.max(1, total);
    return Math.max(minPerChunk, Math.ceil(total / (t * 4)));
  }

  /**
   * Runs job `id` over `total` items in chunks of `per` (see assembly/jobs.ts)
   * with `args`. Throws KernelTrap if the module trapped on any thread.
   */
  run(id: JobId, total: number, per: number, args: readonly number[]): void {
    if (total <= 0) return;
    this.refresh();
    const f = this.f64;
    const base = this.jobPtr >>> 3;
    f[base] = id;
    f[base + 1] = total;
    f[base + 2] = per;
    for (let i = 0; i < args.length; i++) f[base + 3 + i] = args[i];
    const chunks = Math.ceil(total / per);
    const ex = this.exports;
    const job = this.jobPtr;
    const work = this.work0;
    try {
      if (chunks === 1 || this.pool === null) {
        for (let c = 0; c < chunks; c++) ex.runChunk(job, c, work);
        return;
      }
      const workerError = this.pool.run(chunks, (c) => ex.runChunk(job, c, work));
      if (workerError !== null) throw new KernelTrap(`${workerError} (in a worker thread)`);
    } catch (e) {
      if (e instanceof KernelTrap) throw e;
      if (e instanceof WebAssembly.RuntimeError) throw new KernelTrap(e.message);
      throw e;
    }
  }

  /** Allocates `bytes`; OutOfMemoryError when the memory cannot grow. */
  alloc(bytes: number): { ptr: number; cls: number } {
    return this.allocator.alloc(bytes);
  }

  dispose(): void {
    this.pool?.dispose();
    this.pool = null;
  }
}

export { OutOfMemoryError };
