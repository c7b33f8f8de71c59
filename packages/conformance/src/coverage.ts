/** Which kernels the case list covers, per category (for coverage matrices and the "every kernel" guarantee). */
import { KERNEL_NAMES, type KernelName } from '@polygrad/core';
import { listCases } from './cases/index.js';
import type { Category, ListOptions } from './types.js';

/**
 * For every kernel of core's `KERNELS` table, the number of cases per category that exercise it (cases
 * selected by `options`, as in `listCases`).
 */
export function kernelCoverage(
  options: ListOptions = {},
): Record<KernelName, Partial<Record<Category, number>>> {
  const out = Object.fromEntries(KERNEL_NAMES.map((k) => [k, {}])) as Record<
    KernelName,
    Partial<Record<Category, number>>
  >;
  for (const c of listCases(options)) {
    const row = out[c.kernel];
    row[c.category] = (row[c.category] ?? 0) + 1;
  }
  return out;
}
