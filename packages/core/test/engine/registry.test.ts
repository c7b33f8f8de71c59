import { createCpuBackend } from '@polygrad/backend-cpu';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Backend,
  BackendError,
  listBackends,
  registerBackend,
  removeBackend,
  setBackend,
  tensor,
} from '../../src/index.js';

describe('backend registry', () => {
  afterAll(async () => {
    removeBackend('broken');
    removeBackend('second');
    await setBackend('cpu');
  });

  it('setBackend throws with the reason instead of falling back', async () => {
    registerBackend(
      'broken',
      () => {
        throw new Error('no WebGL context here');
      },
      { priority: 100 },
    );
    await expect(setBackend('broken')).rejects.toThrow(
      /backend 'broken' failed to initialise: no WebGL context here/,
    );
    await expect(setBackend('nope')).rejects.toThrow(BackendError);
  });

  it("'auto' picks the highest priority that starts and reports the skipped ones", async () => {
    const sel = await setBackend('auto');
    expect(sel.name).toBe('cpu');
    expect(sel.skipped).toEqual([{ name: 'broken', reason: 'no WebGL context here' }]);
    const list = await listBackends();
    const broken = list.find((b) => b.name === 'broken')!;
    expect(broken.available).toBe(false);
    expect(broken.reason).toBe('no WebGL context here');
    const cpu = list.find((b) => b.name === 'cpu')!;
    expect(cpu).toMatchObject({ available: true, precision: 'float64', active: true });
  });

  it('a backend missing primitive kernels is rejected with the list', async () => {
    registerBackend('second', () => {
      const cpu = createCpuBackend();
      const { matmul: _m, ...rest } = cpu.kernels;
      return { ...cpu, name: 'second', kernels: rest } as unknown as Backend;
    });
    await expect(setBackend('second')).rejects.toThrow(/missing primitive kernels: matmul/);
  });

  it('tensors on different backends do not mix; to() moves them', async () => {
    registerBackend('second', () => ({ ...createCpuBackend(), name: 'second' }));
    await setBackend('cpu');
    const a = tensor([1, 2]);
    const b = tensor([3, 4], { backend: 'second' });
    expect(() => a.add(b)).toThrow(/add: tensors are on different backends \('cpu' and 'second'\)/);
    const c = a.add(b.to('cpu'));
    expect(Array.from(c.dataSync())).toEqual([4, 6]);
    expect(b.to('cpu').backendName).toBe('cpu');
  });
});
