/**
 * The default (browser/bundler) entry registers `tfjs-<kind>` for each TF.js
 * backend the app imported before it, and `tfjs-webgl` only where the WebGL API
 * exists (not in Node).
 */
import '@tensorflow/tfjs-backend-cpu';
import '../src/index.js';
import { listBackends, setBackend, tensor } from '@polygrad/core';
import { describe, expect, it } from 'vitest';

describe('the default entry', () => {
  it('registers tfjs-cpu (imported before it), not tfjs-wasm (not imported) nor tfjs-webgl (no WebGL)', async () => {
    const names = (await listBackends()).map((b) => b.name);
    expect(names).toContain('tfjs-cpu');
    expect(names).not.toContain('tfjs-wasm');
    expect(names).not.toContain('tfjs-webgl');
    await setBackend('tfjs-cpu');
    expect(Array.from(tensor([1, 2]).exp().dataSync())).toEqual([
      Math.fround(Math.E),
      Math.fround(Math.exp(2)),
    ]);
  });
});
