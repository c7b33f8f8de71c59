import '@polygrad/backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { initBackend, log, NumericsError, setDebugNumerics, sqrt, tensor } from '../../src/index.js';

describe('debug numerics flag', () => {
  afterEach(() => setDebugNumerics(false));

  it('is off by default: NaN propagates silently, as in IEEE arithmetic', () => {
    expect(Number.isNaN(log(tensor([-1])).dataSync()[0])).toBe(true);
  });

  it('when on, names the kernel, the value and where it appeared', () => {
    setDebugNumerics(true);
    expect(() => sqrt(tensor([4, -1, 9]))).toThrow(NumericsError);
    expect(() => log(tensor([1, 0]))).toThrow(
      "unary: kernel produced -Infinity at flat index 1 on backend 'cpu' (debug numerics is on)",
    );
    expect(Array.from(sqrt(tensor([4, 9])).dataSync())).toEqual([2, 3]);
  });

  it('frees the offending output: backend memory does not grow', async () => {
    const backend = await initBackend('cpu');
    const x = tensor([1, 0]);
    const before = backend.memory().bytes;
    setDebugNumerics(true);
    expect(() => log(x)).toThrow(NumericsError);
    expect(backend.memory().bytes).toBe(before);
    x.dispose();
  });
});
