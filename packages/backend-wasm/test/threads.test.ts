/**
 * Results are bit-identical whatever the thread count: every kernel that
 * splits its work is run on inputs large enough to be split (past the
 * chunk thresholds) with 1, 2 and 3 threads and the output bytes compared.
 */
import type { DataHandle, DType, KernelArgs, KernelName, KernelResult } from '@polygrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../src/index.js';
import { backend, info, upload, values } from './helpers.js';

const THREADS = [1, 2, 3];
let backends: WasmBackend[] = [];

beforeAll(async () => {
  backends = await Promise.all(THREADS.map((threads) => backend({ threads })));
});

/**
 * Runs `make` on each backend (inputs uploaded per backend) and returns the
 * outputs' bytes. On a multithreaded backend the run is repeated until its
 * workers took part (a worker that is not scheduled in time leaves every
 * chunk to the caller), and every repetition must give the same bytes.
 */
function runAll(
  make: (be: WasmBackend, up: (data: Float64Array, dtype: DType) => DataHandle) => DataHandle | DataHandle[],
): Uint8Array[][] {
  return backends.map((be) => {
    const once = (): Uint8Array[] => {
      const inputs: DataHandle[] = [];
      const up = (data: Float64Array, dtype: DType) => {
        const h = upload(be, data, dtype);
        inputs.push(h);
        return h;
      };
      const result = make(be, up);
      const outs = Array.isArray(result) ? result : [result];
      const bytes = outs.map((h) => {
        const v = be.readSync!(h);
        return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
      });
      for (const h of [...inputs, ...outs]) be.free(h);
      return bytes;
    };
    if (be.deviceInfo().threads === 1) return once();
    let first: Uint8Array[] | null = null;
    const deadline = performance.now() + 30_000;
    for (let attempt = 0; attempt < 20 || performance.now() < deadline; attempt++) {
      const before = be.threadStats().chunksOnWorkers;
      const bytes = once();
      if (first === null) first = bytes;
      else expectIdentical([first, bytes]);
      if (be.threadStats().chunksOnWorkers > before) return bytes;
    }
    throw new Error(
      `the workers of the ${be.deviceInfo().threads}-thread backend never took a chunk in 30 s of retries`,
    );
  });
}

function expectIdentical(results: Uint8Array[][]): void {
  for (let t = 1; t < results.length; t++) {
    expect(results[t].length).toBe(results[0].length);
    for (let i = 0; i < results[0].length; i++) {
      const a = results[0][i];
      const b = results[t][i];
      expect(b.length).toBe(a.length);
      let diff = -1;
      for (let j = 0; j < a.length; j++) {
        if (a[j] !== b[j]) {
          diff = j;
          break;
        }
      }
      expect(diff, `output ${i} differs at byte ${diff} with ${THREADS[t]} threads`).toBe(-1);
    }
  }
}

function k<K extends KernelName>(be: WasmBackend, name: K, args: KernelArgs[K]): KernelResult<K> {
  const fn = be.kernels[name] as unknown as (a: KernelArgs[K]) => KernelResult<K>;
  return fn(args);
}

describe('thread count does not change results', () => {
  it('reports the thread counts it was given', () => {
    expect(backends.map((b) => b.deviceInfo().threads)).toEqual(THREADS);
    expect(backends[1].deviceInfo().sharedMemory).toBe(true);
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`matmul ${dtype}: every transpose, column chunks and row splits`, () => {
      for (const [M, N, K] of [
        [200, 300, 260],
        [517, 24, 300],
        [128, 784, 128],
      ]) {
        for (const tA of [false, true]) {
          for (const tB of [false, true]) {
            expectIdentical(
              runAll((be, up) =>
                k(be, 'matmul', {
                  a: info(up(values(M * K, 1), dtype), tA ? [1, K, M] : [1, M, K], dtype),
                  b: info(up(values(K * N, 2), dtype), tB ? [1, N, K] : [1, K, N], dtype),
                  transposeA: tA,
                  transposeB: tB,
                  out: { shape: [1, M, N], dtype },
                }),
              ),
            );
          }
        }
      }
    });

    it(`elementwise ${dtype}: unary, broadcast binary, compare, select, cast`, () => {
      const R = 700;
      const C = 513;
      expectIdentical(
        runAll((be, up) => {
          const x = up(values(R * C, 3), dtype);
          const row = up(values(C, 4), dtype);
          const col = up(values(R, 5), dtype);
          const big = info(x, [R, C], dtype);
          const outs: DataHandle[] = [];
          for (const op of ['exp', 'tanh', 'relu', 'sqrt', 'round'] as const) {
            outs.push(k(be, 'unary', { op, x: big, out: { shape: [R, C], dtype } }));
          }
          for (const op of ['add', 'mul', 'div', 'pow', 'maximum'] as const) {
            outs.push(
              k(be, 'binary', { op, a: big, b: info(row, [C], dtype), out: { shape: [R, C], dtype } }),
              k(be, 'binary', { op, a: info(col, [R, 1], dtype), b: big, out: { shape: [R, C], dtype } }),
            );
          }
          const mask = k(be, 'compare', {
            op: 'greater',
            a: big,
            b: info(row, [C], dtype),
            out: { shape: [R, C], dtype: 'bool' },
          });
          outs.push(mask);
          outs.push(
            k(be, 'select', {
              cond: info(mask, [R, C], 'bool'),
              a: big,
              b: info(col, [R, 1], dtype),
              out: { shape: [R, C], dtype },
            }),
          );
          outs.push(k(be, 'cast', { x: big, out: { shape: [R, C], dtype: 'int32' } }));
          return outs;
        }),
      );
    });

    it(`reductions, softmax, layout ${dtype}`, () => {
      const shape = [60, 70, 50];
      const n = 60 * 70 * 50;
      expectIdentical(
        runAll((be, up) => {
          const x = info(up(values(n, 6), dtype), shape, dtype);
          const outs: DataHandle[] = [];
          for (const op of ['sum', 'prod', 'max', 'min'] as const) {
            outs.push(k(be, 'reduce', { op, x, axes: [2], out: { shape: [60, 70], dtype } }));
            outs.push(k(be, 'reduce', { op, x, axes: [1], out: { shape: [60, 50], dtype } }));
            outs.push(k(be, 'reduce', { op, x, axes: [0, 2], out: { shape: [70], dtype } }));
          }
          outs.push(
            k(be, 'argReduce', { op: 'argmax', x, axis: 1, out: { shape: [60, 50], dtype: 'int32' } }),
          );
          for (const axis of [1, 2]) {
            for (const log of [false, true]) {
              const y = k(be, 'softmax', { x, axis, log, out: { shape, dtype } });
              outs.push(y);
              outs.push(
                k(be, 'softmaxBackward', {
                  y: info(y, shape, dtype),
                  dy: x,
                  axis,
                  log,
                  out: { shape, dtype },
                }),
              );
            }
          }
          outs.push(k(be, 'transpose', { x, perm: [2, 0, 1], out: { shape: [50, 60, 70], dtype } }));
          outs.push(k(be, 'transpose', { x, perm: [0, 2, 1], out: { shape: [60, 50, 70], dtype } }));
          const idx = up(
            Float64Array.from({ length: 90 }, (_, i) => (i * 7) % 75),
            'int32',
          );
          outs.push(
            k(be, 'gather', {
              x,
              indices: info(idx, [90], 'int32'),
              axis: 1,
              out: { shape: [60, 90, 50], dtype },
            }),
          );
          return outs;
        }),
      );
    });

    it(`fused training kernels ${dtype}: activations, cross-entropy, dropout, SGD, Adam, random`, () => {
      const n = 256 * 784;
      expectIdentical(
        runAll((be, up) => {
          const x = info(up(values(n, 7), dtype), [n], dtype);
          const y = info(up(values(n, 8), dtype), [n], dtype);
          const g = info(up(values(n, 9), dtype), [n], dtype);
          const v = info(up(values(n, 10).map(Math.abs), dtype), [n], dtype);
          const outs: DataHandle[] = [];
          for (const op of ['relu', 'sigmoid', 'tanh', 'softplus'] as const) {
            outs.push(k(be, 'activationBackward', { op, x, y, dy: g, out: { shape: [n], dtype } }));
          }
          const logits = info(x.handle, [n / 10, 10], dtype);
          const labels = info(
            up(
              Float64Array.from({ length: n / 10 }, (_, i) => i % 10),
              'int32',
            ),
            [n / 10],
            'int32',
          );
          const dloss = info(y.handle, [n / 10], dtype);
          outs.push(k(be, 'crossEntropy', { logits, labels, out: { shape: [n / 10], dtype } }));
          outs.push(
            k(be, 'crossEntropyBackward', { logits, labels, dloss, out: { shape: [n / 10, 10], dtype } }),
          );
          outs.push(...k(be, 'dropout', { x, p: 0.3, seed: 1234, out: { shape: [n], dtype } }));
          const sgd = k(be, 'sgdUpdate', {
            param: x,
            grad: g,
            velocity: y,
            lr: 0.01,
            momentum: 0.9,
            dampening: 0,
            nesterov: true,
            weightDecay: 1e-4,
            l1: 1e-5,
            firstStep: false,
          });
          outs.push(sgd.param, sgd.velocity!);
          const adam = k(be, 'adamUpdate', {
            param: x,
            grad: g,
            m: y,
            v,
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weightDecay: 0.01,
            decoupled: true,
            step: 3,
          });
          outs.push(adam.param, adam.m, adam.v);
          for (const distribution of ['uniform', 'normal', 'bernoulli'] as const) {
            outs.push(k(be, 'random', { distribution, seed: 99, a: 0.25, b: 2, out: { shape: [n], dtype } }));
          }
          return outs;
        }),
      );
    });
  }
});
