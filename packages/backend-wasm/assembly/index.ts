/**
 * The module's exports: one entry point for every kernel (`runChunk`, driven
 * by a job the host writes into memory), the bool normaliser used by upload,
 * the scratch size matmul needs, and where free memory starts.
 */
export { normalizeBool } from './elementwise';
export { runChunk } from './jobs';
export { matmulWorkBytes } from './matmul';

/** First byte after the module's static data: the host's allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
