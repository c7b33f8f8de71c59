/**
 * The allocator of tensor storage in WebAssembly linear memory.
 *
 * Size classes: multiples of 16 bytes up to 256, then four classes per power
 * of two (at most 25% slack). Each class has a free list (a stack of block
 * addresses); a freed block is reused by the next request of its class.
 * New blocks are cut from the top of the heap; when the top runs past the
 * memory, the memory grows (by at least a quarter of its size, so growth is
 * amortised, never beyond the maximum). Freeing the block just below the top
 * lowers the top instead, together with any free blocks of 16 KiB or more it
 * then exposes (smaller free blocks stay on their lists: tracking them by
 * address would cost more per small tensor than it could ever give back).
 *
 * Every block is 16-byte aligned (the heap start is aligned and every class
 * size is a multiple of 16), so SIMD loads never straddle a misaligned start.
 *
 * Growing the memory replaces `memory.buffer` (a private buffer is detached):
 * `generation` counts growths so callers rebuild their typed-array views.
 */

const PAGE = 65536;
const SMALL_LIMIT = 256;
/** Free blocks at least this big are tracked by address so the top can be lowered through them. */
const TRACKED_BYTES = 16384;

/** The size class of a request of `bytes` bytes. */
export function sizeClass(bytes: number): number {
  const b = Math.max(bytes, 16);
  if (b <= SMALL_LIMIT) return ((b + 15) >>> 4) - 1; // 0..15
  // four classes per power of two above 256: (2^e, 1.25·2^e, 1.5·2^e, 1.75·2^e]
  const e = Math.floor(Math.log2(b - 1));
  const base = 2 ** e;
  const quarter = Math.ceil((b - base) / (base / 4)); // 1..4
  return 16 + (e - 8) * 4 + (quarter - 1);
}

/** Bytes of a block of class `cls`. */
export function classBytes(cls: number): number {
  if (cls < 16) return (cls + 1) * 16;
  const c = cls - 16;
  const e = 8 + Math.floor(c / 4);
  const q = (c % 4) + 1;
  return 2 ** e + q * 2 ** (e - 2);
}

export class OutOfMemoryError extends Error {}

/** What the linear-memory allocator holds: memory size, heap top, live and free-listed bytes. */
export interface AllocatorStats {
  /** Bytes of linear memory (what the WebAssembly.Memory holds). */
  readonly memoryBytes: number;
  /** Bytes between the heap start and the top (blocks in use or on free lists). */
  readonly heapBytes: number;
  /** Blocks handed out and not freed. */
  readonly liveBlocks: number;
  /** Bytes of those blocks (class sizes). */
  readonly liveBytes: number;
  /** Bytes on free lists, ready for reuse. */
  readonly freeBytes: number;
}

export class Allocator {
  /** Incremented each time the memory grows: typed-array views must be rebuilt. */
  generation = 0;
  private readonly freeLists: number[][] = [];
  /** Free blocks of TRACKED_BYTES or more by end address, for lowering the top through them. */
  private readonly freeByEnd = new Map<number, number>();
  private top: number;
  /** memory.buffer.byteLength, kept here (only this allocator grows the memory; the getter is not free). */
  private memoryBytes: number;
  private liveBlocks = 0;
  private liveBytes = 0;
  private freeBytes = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly heapStart: number,
    private readonly maxBytes: number,
  ) {
    this.top = (heapStart + 15) & ~15;
    this.memoryBytes = memory.buffer.byteLength;
  }

  /** A block of at least `bytes` bytes; returns its address and class. Throws OutOfMemoryError. */
  alloc(bytes: number): { ptr: number; cls: number } {
    const cls = sizeClass(bytes);
    const list = this.freeLists[cls];
    const size = classBytes(cls);
    let ptr: number | undefined;
    if (list !== undefined && list.length > 0) {
      ptr = list.pop() as number;
      if (size >= TRACKED_BYTES) this.freeByEnd.delete(ptr + size);
      this.freeBytes -= size;
    } else {
      ptr = this.top;
      const end = ptr + size;
      if (end > this.memoryBytes) this.grow(end);
      this.top = end;
    }
    this.liveBlocks++;
    this.liveBytes += size;
    return { ptr, cls };
  }

  free(ptr: number, cls: number): void {
    const size = classBytes(cls);
    this.liveBlocks--;
    this.liveBytes -= size;
    if (ptr + size === this.top) {
      this.top = ptr;
      this.lowerTop();
      return;
    }
    let list = this.freeLists[cls];
    if (list === undefined) {
      list = [];
      this.freeLists[cls] = list;
    }
    list.push(ptr);
    if (size >= TRACKED_BYTES) this.freeByEnd.set(ptr + size, cls);
    this.freeBytes += size;
  }

  stats(): AllocatorStats {
    return {
      memoryBytes: this.memory.buffer.byteLength,
      heapBytes: this.top - this.heapStart,
      liveBlocks: this.liveBlocks,
      liveBytes: this.liveBytes,
      freeBytes: this.freeBytes,
    };
  }

  /** While a free block ends at the top, take it off its free list and lower the top. */
  private lowerTop(): void {
    for (;;) {
      const cls = this.freeByEnd.get(this.top);
      if (cls === undefined) return;
      const size = classBytes(cls);
      const ptr = this.top - size;
      const list = this.freeLists[cls];
      const at = list.lastIndexOf(ptr);
      list[at] = list[list.length - 1];
      list.pop();
      this.freeByEnd.delete(this.top);
      this.freeBytes -= size;
      this.top = ptr;
    }
  }

  private grow(end: number): void {
    const current = this.memory.buffer.byteLength;
    if (end > this.maxBytes) {
      throw new OutOfMemoryError(
        `out of WebAssembly memory: needs ${end} bytes of linear memory, the maximum is ${this.maxBytes} (${this.liveBytes} bytes in ${this.liveBlocks} live buffers, ${this.freeBytes} bytes free for reuse)`,
      );
    }
    const wanted = Math.max(end - current, Math.floor(current / 4));
    let pages = Math.ceil(wanted / PAGE);
    const maxPages = Math.floor(this.maxBytes / PAGE);
    const currentPages = current / PAGE;
    if (currentPages + pages > maxPages) pages = Math.ceil((end - current) / PAGE);
    try {
      this.memory.grow(pages);
    } catch (e) {
      throw new OutOfMemoryError(
        `out of WebAssembly memory: growing ${current} bytes by ${pages * PAGE} failed (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    this.memoryBytes = this.memory.buffer.byteLength;
    this.generation++;
  }
}
