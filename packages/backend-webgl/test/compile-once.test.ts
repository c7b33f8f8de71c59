/**
 * The kernel cache: a training loop compiles every kernel during its first
 * step and nothing after; a handle whose size differs from what a cached
 * kernel was compiled for is refused, never read with the wrong layout.
 */
import { initBackend } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import type { WebGLBackend } from '../src/node.js';
import { mlpTrainer } from './train-helper.js';
import { unavailableMessage, webglStatus } from './webgl-status.js';

const status = await webglStatus();

describe.runIf(status.available)('kernel cache', () => {
  for (const optimizer of ['adam', 'sgd'] as const) {
    it(`an MLP training loop (${optimizer}) compiles nothing after its first step`, async () => {
      const be = (await initBackend('webgl')) as WebGLBackend;
      const t = mlpTrainer({ inputs: 20, hidden: 12, classes: 5, batch: 8, optimizer });
      const losses = [t.step()];
      const afterFirst = be.stats().compiles;
      const runsFirst = be.stats().runs;
      for (let i = 0; i < 5; i++) losses.push(t.step());
      const s = be.stats();
      expect(s.compiles - afterFirst).toBe(0);
      // It really ran kernels (the same number every step) and learned something.
      expect((s.runs - runsFirst) % 5).toBe(0);
      expect(s.runs - runsFirst).toBeGreaterThan(5 * 10);
      expect(losses[5]).toBeLessThan(losses[0]);
      t.dispose();
    });
  }

  it('a kernel compiled for one input size refuses a texture of another size', async () => {
    const be = (await initBackend('webgl')) as WebGLBackend;
    const dev = be.device;
    const small = dev.upload(new Float32Array(10), 'float32');
    const big = dev.upload(new Float32Array(10_000), 'float32');
    const build = () => ({
      params: [{ name: 'a', type: 'ArrayTexture(1)' as const }],
      body: 'return pgFetch(a, this.thread.x);',
      texels: 10,
    });
    const ok = dev.run('test:cache-guard', build, [small], 10, 'float32');
    expect(Array.from(dev.read(ok))).toEqual(new Array(10).fill(0));
    expect(() => dev.run('test:cache-guard', build, [big], 10, 'float32')).toThrow(/compiled for/);
    dev.free(ok);
    dev.free(small);
    dev.free(big);
  });

  it('a freed handle is never read again', async () => {
    const be = (await initBackend('webgl')) as WebGLBackend;
    const h = be.upload(Float32Array.of(1, 2, 3), 'float32');
    be.free(h);
    expect(() => be.readSync?.(h)).toThrow(/after free/);
    const out = { shape: [3], dtype: 'float32' as const };
    expect(() =>
      be.kernels.unary({ op: 'neg', x: { handle: h, shape: [3], dtype: 'float32' }, out }),
    ).toThrow(/after free/);
    expect(() => be.free(h)).toThrow(/freed twice/);
  });
});

it.runIf(!status.available)('kernel cache: webgl', (ctx) => {
  if (status.required) throw new Error(unavailableMessage(status));
  ctx.skip(unavailableMessage(status));
});
