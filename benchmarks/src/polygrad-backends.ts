/**
 * The Polygrad backends a run measures: cpu, and wasm twice — with its
 * default thread count (registered as 'wasm' on import) and pinned to one
 * thread ('wasm-1t'), so single-thread and multithread numbers come from the
 * same run. A backend that cannot start is reported with its reason.
 */
import '@polygrad/backend-cpu';
import { createWasmBackend } from '@polygrad/backend-wasm';
import { type DeviceInfo, initBackend, registerBackend } from '@polygrad/core';
import type { PolygradBackend } from './types.js';

export interface PolygradStatus extends PolygradBackend {
  readonly available: boolean;
  readonly reason: string;
  readonly device: DeviceInfo | null;
}

registerBackend('wasm-1t', () => createWasmBackend({ name: 'wasm-1t', threads: 1 }), { priority: 0 });

const CANDIDATES: readonly PolygradBackend[] = [
  { impl: 'polygrad-cpu', backend: 'cpu' },
  { impl: 'polygrad-wasm', backend: 'wasm' },
  { impl: 'polygrad-wasm-1t', backend: 'wasm-1t' },
];

export async function initPolygrad(): Promise<PolygradStatus[]> {
  const out: PolygradStatus[] = [];
  for (const c of CANDIDATES) {
    try {
      const be = await initBackend(c.backend);
      out.push({ ...c, available: true, reason: '', device: be.deviceInfo() });
    } catch (e) {
      out.push({ ...c, available: false, reason: e instanceof Error ? e.message : String(e), device: null });
    }
  }
  return out;
}
