/** The linear-memory allocator: size classes, reuse, growth, the top, and views that survive growth. */
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { Allocator, classBytes, OutOfMemoryError, sizeClass } from '../src/runtime/allocator.js';

const PAGE = 65536;

function memoryOf(pages: number, maxPages: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: pages, maximum: maxPages });
}

describe('size classes', () => {
  it('cover every request with at most 25% slack above 256 bytes, 16-byte multiples', () => {
    let prev = -1;
    for (let b = 0; b <= 1 << 20; b += b < 4096 ? 1 : 97) {
      const cls = sizeClass(b);
      const size = classBytes(cls);
      expect(size).toBeGreaterThanOrEqual(Math.max(b, 1));
      expect(size % 16).toBe(0);
      if (b > 256) expect(size).toBeLessThanOrEqual(Math.ceil(b * 1.25) + 16);
      expect(cls).toBeGreaterThanOrEqual(prev); // classes grow with the request
      prev = cls;
    }
    // exact class boundaries: a class's own size maps back to it
    for (let cls = 0; cls < 90; cls++) expect(sizeClass(classBytes(cls))).toBe(cls);
    for (const big of [2 ** 30 - 1, 2 ** 30, 2 ** 30 + 1, 3 * 2 ** 30]) {
      expect(classBytes(sizeClass(big))).toBeGreaterThanOrEqual(big);
    }
  });
});

describe('Allocator', () => {
  it('hands out aligned, disjoint blocks and reuses a freed block of the same class', () => {
    const mem = memoryOf(1, 64);
    const a = new Allocator(mem, 1000, 64 * PAGE);
    const x = a.alloc(100);
    const y = a.alloc(100);
    const z = a.alloc(5000);
    for (const b of [x, y, z]) expect(b.ptr % 16).toBe(0);
    expect(y.ptr).toBeGreaterThanOrEqual(x.ptr + 100);
    expect(z.ptr).toBeGreaterThanOrEqual(y.ptr + 100);
    a.free(x.ptr, x.cls);
    expect(a.stats().freeBytes).toBe(classBytes(x.cls));
    const again = a.alloc(97); // same class as 100
    expect(again.ptr).toBe(x.ptr);
    expect(a.stats().freeBytes).toBe(0);
    expect(a.stats().liveBlocks).toBe(3);
  });

  it('lowers the top when the top block is freed, through large free blocks below it', () => {
    const mem = memoryOf(1, 64);
    const a = new Allocator(mem, 0, 64 * PAGE);
    const x = a.alloc(64);
    const y = a.alloc(30_000);
    const z = a.alloc(2000);
    const heapWithAll = a.stats().heapBytes;
    a.free(y.ptr, y.cls); // not at the top: onto its free list
    expect(a.stats().heapBytes).toBe(heapWithAll);
    a.free(z.ptr, z.cls); // at the top: the top drops past z and the free y
    expect(a.stats().heapBytes).toBe(classBytes(x.cls));
    expect(a.stats().freeBytes).toBe(0);
    const w = a.alloc(30_000);
    expect(w.ptr).toBe(y.ptr); // cut from the lowered top
    // a small free block is not tracked: the top stops above it, and it is reused by its class
    const s1 = a.alloc(100);
    const s2 = a.alloc(100);
    a.free(s1.ptr, s1.cls);
    a.free(s2.ptr, s2.cls);
    expect(a.stats().freeBytes).toBe(classBytes(s1.cls));
    expect(a.alloc(100).ptr).toBe(s1.ptr);
  });

  it('grows the memory (amortised) and counts the growth; refuses past the maximum', () => {
    const mem = memoryOf(1, 8);
    const a = new Allocator(mem, 0, 8 * PAGE);
    expect(a.generation).toBe(0);
    const big = a.alloc(3 * PAGE);
    expect(mem.buffer.byteLength).toBeGreaterThanOrEqual(big.ptr + 3 * PAGE);
    expect(a.generation).toBe(1);
    expect(() => a.alloc(6 * PAGE)).toThrow(OutOfMemoryError);
    // the failed request changed nothing
    expect(a.stats().liveBlocks).toBe(1);
    a.free(big.ptr, big.cls);
    const again = a.alloc(6 * PAGE);
    expect(again.ptr).toBe(0);
  });

  it('stays flat over many alloc/free cycles of recurring sizes', () => {
    const mem = memoryOf(1, 256);
    const a = new Allocator(mem, 0, 256 * PAGE);
    const sizes = [16, 40, 1000, 784 * 4, 128 * 784 * 4, 256 * 4, 12];
    const cycle = () => {
      const blocks = sizes.map((s) => a.alloc(s));
      // free in an order different from allocation
      for (const i of [3, 0, 6, 1, 5, 2, 4]) a.free(blocks[i].ptr, blocks[i].cls);
    };
    cycle();
    const after = a.stats();
    for (let i = 0; i < 1000; i++) cycle();
    expect(a.stats()).toEqual(after);
  });
});

describe('storage across memory growth', () => {
  it('reads correct values from tensors written before the memory grew (no stale views)', async () => {
    for (const threads of [1, 2]) {
      const be = await createWasmBackend({ name: 'grow', threads, initialMemoryBytes: 2 * PAGE });
      const before = be.memoryInfo().memoryBytes;
      const first = Float32Array.from({ length: 1000 }, (_, i) => i * 0.5 - 3);
      const h1 = be.upload(first, 'float32');
      // force several growths, with a kernel in between whose output is allocated past the old end
      const big = be.upload(new Float64Array(300_000).fill(2), 'float64');
      const sum = be.kernels.binary({
        op: 'add',
        a: { handle: h1, shape: [1000], dtype: 'float32' },
        b: { handle: h1, shape: [1000], dtype: 'float32' },
        out: { shape: [1000], dtype: 'float32' },
      });
      const bigger = be.upload(new Int32Array(500_000).fill(7), 'int32');
      expect(be.memoryInfo().memoryBytes).toBeGreaterThan(before);
      expect(be.readSync!(h1)).toEqual(first);
      expect(Array.from(be.readSync!(sum))).toEqual(Array.from(first, (v) => 2 * v));
      expect((await be.read(big))[299_999]).toBe(2);
      expect(be.readSync!(bigger)[123_456]).toBe(7);
      for (const h of [h1, big, sum, bigger]) be.free(h);
      expect(be.memory()).toEqual({ buffers: 0, bytes: 0 });
      be.dispose!();
    }
  });

  it('read returns an independent copy', async () => {
    const be = await createWasmBackend({ name: 'copy', threads: 1 });
    const h = be.upload(Int32Array.of(1, 2, 3), 'int32');
    const r = be.readSync!(h) as Int32Array;
    r[0] = 99;
    expect(Array.from(be.readSync!(h))).toEqual([1, 2, 3]);
    expect(r.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    be.free(h);
  });

  it('stores bools as 0/1 whatever the uploaded bytes', async () => {
    const be = await createWasmBackend({ name: 'bool', threads: 1 });
    const h = be.upload(Uint8Array.of(0, 1, 2, 255), 'bool');
    expect(Array.from(be.readSync!(h))).toEqual([0, 1, 1, 1]);
    const f = be.upload(Float32Array.of(0, 0.5, -1, Number.NaN), 'bool');
    expect(Array.from(be.readSync!(f))).toEqual([0, 1, 1, 1]);
    be.free(h);
    be.free(f);
  });
});
