/**
 * Failures inside WebAssembly become BackendErrors that name the kernel; the
 * backend stays usable and no other tensor's data changes.
 * - Out of memory, through the public API, on a backend with a small maximum.
 * - A trap (out-of-bounds access), injected below the kernel layer (core's
 *   checks keep bad input from ever reaching a kernel), on the calling
 *   thread and on a worker thread.
 */
import {
  add,
  BackendError,
  type DataHandle,
  memory,
  registerBackend,
  removeBackend,
  setBackend,
  tensor,
  zeros,
} from '@polygrad/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { binary } from '../src/kernels/elementwise.js';
import { DTYPE_CODE, Job } from '../src/runtime/codes.js';
import { WasmRuntime } from '../src/runtime/runtime.js';
import { WasmStorage } from '../src/storage.js';

const MiB = 2 ** 20;

afterAll(() => removeBackend('wasm-small'));

describe('out of memory', () => {
  it('is a BackendError naming the op; earlier tensors keep their data; freeing makes room again', async () => {
    registerBackend('wasm-small', () =>
      createWasmBackend({
        name: 'wasm-small',
        threads: 1,
        initialMemoryBytes: 2 * MiB,
        maximumMemoryBytes: 10 * MiB,
      }),
    );
    await setBackend('wasm-small');
    const keep = tensor([1.5, -2, 3]);
    const big = zeros([1024, 1024]); // 4 MiB
    const big2 = zeros([1024, 1024]);
    let err: unknown = null;
    try {
      zeros([1024, 1024]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BackendError);
    expect(String((err as Error).message)).toMatch(/^fill: out of WebAssembly memory/);
    expect(String((err as Error).message)).toMatch(/maximum is 10485760/);
    expect(Array.from(keep.dataSync())).toEqual([1.5, -2, 3]);
    expect(big2.dataSync()[1000]).toBe(0);
    big.dispose();
    const again = zeros([1024, 1024]);
    const sum = add(keep, 1);
    expect(Array.from(sum.dataSync())).toEqual([2.5, -1, 4]);
    sum.dispose();
    again.dispose();
    big2.dispose();
    keep.dispose();
    expect(memory().backends['wasm-small']?.tensors ?? 0).toBe(0);
  });
});

async function makeStorage(threads: number): Promise<WasmStorage> {
  const rt = await WasmRuntime.create({
    threads,
    simd: 'auto',
    initialMemoryBytes: 4 * MiB,
    maximumMemoryBytes: 64 * MiB,
    workerSpin: 20000,
  });
  return new WasmStorage(rt);
}

/** A binary add job whose second operand starts `badFrom` elements before the end of memory. */
function trappingAdd(s: WasmStorage, a: DataHandle, out: DataHandle, n: number, badFrom: number): void {
  const A = s.get(a);
  const O = s.get(out);
  const end = s.rt.memory.buffer.byteLength;
  const bPtr = end - badFrom * 4; // elements >= badFrom are out of bounds
  s.guard('binary', [O], () => {
    s.rt.writeDesc([n], [[1], [1], [1]]);
    s.rt.run(Job.binary, n, s.rt.split(n, 4096), [0, DTYPE_CODE.float32, A.ptr, bPtr, O.ptr, s.rt.descPtr]);
  });
}

describe('a WebAssembly trap', () => {
  for (const threads of [1, 2]) {
    it(`becomes a BackendError and leaves the backend usable (${threads} thread(s))`, {
      timeout: 60_000,
    }, async () => {
      const s = await makeStorage(threads);
      const n = 100_000;
      const data = Float32Array.from({ length: n }, (_, i) => i / 7);
      const a = s.upload(data, 'float32');
      const other = s.upload(Float32Array.of(4, 5, 6), 'float32');
      const buffersBefore = s.buffers;
      let sawWorkerTrap = false;
      // On a loaded machine a worker may not be scheduled before the caller has claimed every
      // chunk; retry (yielding the CPU between attempts) until a worker's chunk trapped.
      const deadline = performance.now() + 30_000;
      for (let attempt = 0; attempt === 0 || (threads > 1 && performance.now() < deadline); attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 2));
        const out = s.alloc('binary', 'float32', n);
        let err: unknown = null;
        try {
          // the first 12,500 elements are in bounds: the first chunk runs, later ones trap
          trappingAdd(s, a, out, n, 12_500);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(BackendError);
        expect((err as Error).message).toMatch(/^binary: the WebAssembly kernel trapped: .*out of bounds/);
        expect(out.freed).toBe(true); // the output was released, nothing leaked
        expect(s.buffers).toBe(buffersBefore);
        if ((err as Error).message.includes('(in a worker thread)')) {
          sawWorkerTrap = true;
          break;
        }
      }
      if (threads > 1) expect(sawWorkerTrap).toBe(true);
      // the inputs and every other tensor are unchanged, and kernels still work
      const after = s.read(a);
      let changed = 0;
      for (let i = 0; i < n; i++) if (after[i] !== data[i]) changed++;
      expect(changed).toBe(0);
      expect(Array.from(s.read(other))).toEqual([4, 5, 6]);
      const sum = binary(s, {
        op: 'add',
        a: { handle: other, shape: [3], dtype: 'float32' },
        b: { handle: other, shape: [3], dtype: 'float32' },
        out: { shape: [3], dtype: 'float32' },
      });
      expect(Array.from(s.read(sum))).toEqual([8, 10, 12]);
      for (const h of [a, other, sum]) s.free(h);
      expect(s.buffers).toBe(0);
      s.rt.dispose();
    });
  }
});
