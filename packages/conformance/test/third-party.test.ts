/**
 * A third party can plug in: a toy backend that delegates every PRIMITIVE
 * kernel to the CPU backend and provides NO fused kernels (so every core
 * composition is exercised) must pass the whole suite, in float32 and float64.
 */
import { FUSED_KERNELS, initBackend } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { defineConformanceSuite } from '../src/index.js';
import { registerToyBackend } from './toy-backend.js';

registerToyBackend('toy-primitives');

describe('toy backend shape', () => {
  it('has every primitive kernel and no fused kernel', async () => {
    const b = await initBackend('toy-primitives');
    for (const k of FUSED_KERNELS) expect(b.kernels[k], k).toBeUndefined();
  });
});

defineConformanceSuite('toy-primitives', { describe, it, expect });
