/** The shared conformance suite on the WebGL backend (headless-gl, float32), or why it could not run. */
import { defineConformanceSuite } from '@polygrad/conformance';
import { describe, expect, it } from 'vitest';
import { unavailableMessage, webglStatus } from './webgl-status.js';

const status = await webglStatus();

if (status.available) {
  defineConformanceSuite('webgl', { describe, it, expect }, { dtypes: ['float32'], timeout: 60_000 });
} else {
  it('conformance: webgl', (ctx) => {
    if (status.required) throw new Error(unavailableMessage(status));
    ctx.skip(unavailableMessage(status));
  });
}
