/**
 * A device that defers work, like WebGPU: uploads, kernels and frees are queued
 * and run later (at the next read, or in a microtask), never during the call.
 * Wraps the CPU backend. Handles are placeholders until their kernel runs.
 *
 * It turns core ordering bugs into errors: a kernel enqueued with a handle core
 * already freed, a handle freed twice, or a foreign handle throws at once
 * (a real device would compute garbage); a read waits for every queued
 * command, as a device read waits for the queue.
 */
import type { Backend, BackendKernels, DataHandle, DType, KernelName, TypedArray } from '@polygrad/core';
import { bytesPerElement, sizeOf } from '@polygrad/core';

class DeferredHandle implements DataHandle {
  declare readonly __polygradHandle?: never;
  /** The CPU handle, once the command that makes it has run. */
  target: DataHandle | null = null;
  freed = false;
  constructor(
    readonly id: number,
    readonly bytes: number,
  ) {}
}

interface OutShape {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export interface DeferredStats {
  /** Commands queued since creation. */
  queued: number;
  /** Commands that ran. */
  executed: number;
  /** Times the queue was drained (by a read or a microtask). */
  flushes: number;
}

export function deferredDevice(
  cpu: Backend,
  kernelNames: readonly KernelName[],
): {
  readonly storage: Pick<Backend, 'upload' | 'read' | 'free' | 'memory'>;
  readonly kernels: BackendKernels;
  readonly stats: DeferredStats;
} {
  const queue: (() => void)[] = [];
  const stats: DeferredStats = { queued: 0, executed: 0, flushes: 0 };
  let nextId = 1;
  let live = 0;
  let liveBytes = 0;
  let scheduled = false;
  /** The first error a queued command threw; reported by the next read. */
  let failure: unknown = null;

  const flush = (): void => {
    scheduled = false;
    if (queue.length === 0) return;
    stats.flushes++;
    while (queue.length > 0) {
      const command = queue.shift() as () => void;
      try {
        command();
      } catch (e) {
        failure ??= e;
      }
      stats.executed++;
    }
  };
  const enqueue = (command: () => void): void => {
    queue.push(command);
    stats.queued++;
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(flush);
    }
  };

  const own = (h: DataHandle, what: string): DeferredHandle => {
    if (!(h instanceof DeferredHandle))
      throw new Error(`deferred device: ${what} got a handle it did not create`);
    if (h.freed) throw new Error(`deferred device: ${what} got handle #${h.id}, which core already freed`);
    return h;
  };
  const make = (bytes: number): DeferredHandle => {
    live++;
    liveBytes += bytes;
    return new DeferredHandle(nextId++, bytes);
  };
  const bytesOf = (o: OutShape): number => sizeOf(o.shape) * bytesPerElement(o.dtype);
  const resolved = (h: DeferredHandle): DataHandle => {
    if (!h.target) throw new Error(`deferred device: handle #${h.id} used before the command making it ran`);
    return h.target;
  };

  /** Swap every TensorInfo handle in the arguments for the CPU one (at run time). */
  const toCpuArgs = (value: unknown): unknown => {
    if (value instanceof DeferredHandle) return resolved(value);
    if (Array.isArray(value)) return value.map(toCpuArgs);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = toCpuArgs(v);
      return out;
    }
    return value;
  };
  /** Validate every input handle now: enqueuing a freed or foreign one is a core bug. */
  const checkInputs = (name: string, value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) checkInputs(name, v);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'handle') own(v as DataHandle, name);
        else checkInputs(name, v);
      }
    }
  };

  const kernels: Record<string, unknown> = {};
  const cpuKernels = cpu.kernels as unknown as Record<string, (args: unknown) => unknown>;
  for (const name of kernelNames) {
    const run = cpuKernels[name];
    if (typeof run !== 'function') continue;
    kernels[name] = (args: Record<string, unknown>) => {
      checkInputs(name, args);
      if (name === 'dropout') {
        const out = args.out as OutShape;
        const y = make(bytesOf(out));
        const mask = make(bytesOf(out));
        enqueue(() => {
          const [cy, cm] = run(toCpuArgs(args)) as [DataHandle, DataHandle];
          y.target = cy;
          mask.target = cm;
        });
        return [y, mask];
      }
      if (name === 'sgdUpdate' || name === 'adamUpdate') {
        const param = args.param as OutShape;
        const names = name === 'sgdUpdate' ? ['param', 'velocity'] : ['param', 'm', 'v'];
        const outs: Record<string, DeferredHandle | null> = {};
        for (const n of names)
          outs[n] = n === 'velocity' && args.velocity === null ? null : make(bytesOf(param));
        enqueue(() => {
          const r = run(toCpuArgs(args)) as Record<string, DataHandle | null>;
          for (const n of names) {
            const h = outs[n];
            if (h) h.target = r[n] as DataHandle;
          }
        });
        return outs;
      }
      const out = make(bytesOf(args.out as OutShape));
      enqueue(() => {
        out.target = run(toCpuArgs(args)) as DataHandle;
      });
      return out;
    };
  }

  const storage: Pick<Backend, 'upload' | 'read' | 'free' | 'memory'> = {
    upload(values: TypedArray, dtype: DType): DataHandle {
      // The caller keeps ownership of `values`: copy now, upload later.
      const copy = values.slice();
      const h = make(copy.length * bytesPerElement(dtype));
      enqueue(() => {
        h.target = cpu.upload(copy, dtype);
      });
      return h;
    },
    async read(handle: DataHandle): Promise<TypedArray> {
      const h = own(handle, 'read');
      // Like a copy into a staging buffer: queued now (so a later free is fine), resolved after the queue ran.
      let values: TypedArray | null = null;
      enqueue(() => {
        values = cpu.readSync!(resolved(h));
      });
      await Promise.resolve();
      flush();
      if (failure) {
        const e = failure;
        failure = null;
        throw e;
      }
      if (!values) throw new Error(`deferred device: read of handle #${h.id} produced nothing`);
      return values;
    },
    free(handle: DataHandle): void {
      const h = own(handle, 'free');
      h.freed = true;
      live--;
      liveBytes -= h.bytes;
      // After every queued command that may still read it.
      enqueue(() => {
        if (h.target) cpu.free(h.target);
      });
    },
    memory: () => ({ buffers: live, bytes: liveBytes }),
  };
  return { storage, kernels: kernels as unknown as BackendKernels, stats };
}
