/** What the Node entry registers, and the reasons a TF.js backend that cannot run here gives. */
import { listBackends } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend, TFJS_PROFILES } from '../src/node.js';

describe('the Node entry', () => {
  it('registers tfjs-cpu and tfjs-wasm (installed here as dev dependencies), not tfjs-webgl', async () => {
    const all = await listBackends();
    const names = all.map((b) => b.name);
    expect(names).toContain('tfjs-cpu');
    expect(names).toContain('tfjs-wasm');
    expect(names).not.toContain('tfjs-webgl');
    for (const b of all.filter((s) => s.name.startsWith('tfjs-'))) {
      expect(b.available, b.reason).toBe(true);
      expect(b.precision).toBe('float32');
    }
  });

  it('ranks below Polygrad backends, so setBackend("auto") never picks an adapter over a native one', () => {
    for (const p of Object.values(TFJS_PROFILES)) expect(p.priority).toBeLessThan(0);
  });

  it('tfjs-wasm reports how it runs (SIMD from the npm-shipped .wasm, no download)', async () => {
    const wasm = (await listBackends()).find((b) => b.name === 'tfjs-wasm');
    expect(wasm?.device).toMatchObject({ device: 'tfjs-wasm', tfjs: '4.22.0', simd: true });
  });

  it('a TF.js backend that is not registered with TF.js fails with what to install', async () => {
    await expect(createTfjsBackend('webgl')).rejects.toThrow(
      /TF.js has no 'webgl' backend: install @tensorflow\/tfjs-backend-webgl@4\.22\.0.*only in a browser/,
    );
  });
});
