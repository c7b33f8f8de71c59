/**
 * The conformance package does not depend on any backend (backends depend on
 * it). Its own tests wrap the CPU backend, which vitest.config.ts aliases to
 * ../backend-cpu/src; this declares the one export the tests use.
 */
declare module '@polygrad/backend-cpu' {
  import type { Backend } from '@polygrad/core';
  export function createCpuBackend(): Backend;
}
