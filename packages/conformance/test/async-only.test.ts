/**
 * The contract fits devices whose readback is asynchronous only and whose work
 * is deferred (WebGPU-style): a toy backend without `readSync`, which queues every
 * upload, kernel and free and runs them later, must pass the whole suite through
 * `await t.data()`. Cases that need synchronous reads (e.g. finite differences
 * via gradcheck) say so.
 */
import { BackendError, exp, initBackend, tensor } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { defineConformanceSuite } from '../src/index.js';
import { registerToyBackend } from './toy-backend.js';

registerToyBackend('toy-async-only', { fused: true, asyncOnly: true });

describe('async-only toy backend', () => {
  it('has no readSync, and dataSync says to use await data()', async () => {
    const b = await initBackend('toy-async-only');
    expect(b.readSync).toBeUndefined();
    const t = tensor([1, 2, 3], { backend: 'toy-async-only' });
    expect(() => t.dataSync()).toThrow(BackendError);
    expect(() => t.dataSync()).toThrow(/only supports asynchronous readback; use `await t.data\(\)`/);
    expect(Array.from(await t.data())).toEqual([1, 2, 3]);
    t.dispose();
  });

  it('defers work: nothing runs during the calls, everything before the read resolves', async () => {
    const b = await initBackend('toy-async-only');
    const executed = () => Number(b.deviceInfo().executed);
    await Promise.resolve(); // let earlier microtask flushes settle
    const before = executed();
    const t = tensor([0, 1, 2], { backend: 'toy-async-only' });
    const y = exp(t);
    expect(executed()).toBe(before);
    const values = Array.from(await y.data());
    [1, Math.E, Math.exp(2)].forEach((v, i) => {
      expect(values[i]).toBeCloseTo(v, 5);
    });
    expect(executed()).toBeGreaterThanOrEqual(before + 3);
    t.dispose();
    y.dispose();
  });
});

defineConformanceSuite('toy-async-only', { describe, it, expect });
