/**
 * The contract fits devices whose readback is asynchronous only (WebGPU-style):
 * a toy backend without `readSync` must pass the whole suite through `await t.data()`.
 * Cases that need synchronous reads (e.g. finite differences via gradcheck) say so.
 */
import { BackendError, initBackend, tensor } from '@polygrad/core';
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
});

defineConformanceSuite('toy-async-only', { describe, it, expect });
