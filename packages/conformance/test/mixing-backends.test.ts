/**
 * The mixing-backends case needs another backend that stores the run's dtype: next to a
 * float32-only backend (WebGL, TF.js), a float64 run must pick another one or a temporary
 * peer, not fail on a dtype the other backend never claimed.
 */
import '@polygrad/backend-cpu';
import { registerBackend, removeBackend } from '@polygrad/core';
import { afterAll, expect, it } from 'vitest';
import { listCases, runCase } from '../src/index.js';
import { createToyBackend } from './toy-backend.js';

registerBackend('float32-only', () => ({
  ...createToyBackend('float32-only', { fused: true }),
  dtypes: ['float32', 'int32', 'bool'] as const,
}));
afterAll(() => removeBackend('float32-only'));

it('errors/backend/mixing-backends passes at float64 beside a backend that stores only float32', async () => {
  const [c] = listCases({ filter: 'errors/backend/mixing-backends' });
  for (const dtype of ['float32', 'float64'] as const) {
    const r = await runCase('cpu', c, { dtype });
    expect(r.status, r.message).toBe('passed');
  }
});
