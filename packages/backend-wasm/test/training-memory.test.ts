/**
 * A long training run keeps memory flat: core's live tensors and bytes, the
 * backend's buffers and bytes, and the WebAssembly memory itself (size and
 * heap top) are the same after 5,000 steps as after the first few.
 */
import '../src/index.js';
import { getBackend, memory, nn, optim, randn, setBackend, tensor, tidy } from '@polygrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../src/index.js';

beforeAll(async () => {
  await setBackend('wasm');
});

describe('5,000 training steps on wasm', () => {
  it('keep every memory measure flat, and the loss goes down', { timeout: 120_000 }, () => {
    const be = getBackend() as WasmBackend;
    const x = randn([64, 20], { seed: 1 });
    const y = tensor(
      Int32Array.from({ length: 64 }, (_, i) => i % 4),
      { dtype: 'int32' },
    );
    const net = new nn.Sequential(
      new nn.Linear(20, 48, { seed: 2 }),
      new nn.ReLU(),
      new nn.Dropout(0.1, { seed: 3 }),
      new nn.Linear(48, 4, { seed: 4 }),
    );
    const opt = new optim.Adam(net.parameters(), { lr: 1e-3, weightDecay: 1e-4 });
    const lossFn = new nn.CrossEntropyLoss();
    const step = (read: boolean): number =>
      tidy(() => {
        opt.zeroGrad();
        const loss = lossFn.forward(net.forward(x), y);
        loss.backward();
        opt.step();
        return read ? loss.itemSync() : 0;
      });
    const first = step(true);
    for (let i = 0; i < 9; i++) step(false);
    const core0 = memory();
    const backend0 = be.memory();
    const wasm0 = be.memoryInfo();
    let last = first;
    for (let i = 0; i < 5000; i++) last = step(i % 500 === 499);
    expect(memory().tensors).toBe(core0.tensors);
    expect(memory().bytes).toBe(core0.bytes);
    expect(be.memory()).toEqual(backend0);
    const wasm1 = be.memoryInfo();
    expect(wasm1.memoryBytes).toBe(wasm0.memoryBytes);
    expect(wasm1.heapBytes).toBe(wasm0.heapBytes);
    expect(wasm1.liveBlocks).toBe(wasm0.liveBlocks);
    expect(last).toBeLessThan(first * 0.5);
  });
});
