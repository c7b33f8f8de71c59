/** The full case list, generated per category; `listCases` filters it. */
import type { ConformanceCase, ListOptions } from '../types.js';
import { asyncPathCases } from './async-path.js';
import { broadcastCases } from './broadcast.js';
import { compositionAccuracyCases } from './composition-accuracy.js';
import { elementwiseCases } from './elementwise.js';
import { emptyCases } from './empty.js';
import { errorCases } from './errors.js';
import { fusedCases } from './fused.js';
import { gradientCases } from './gradients.js';
import { indexCheckCases } from './index-checks.js';
import { int32Cases } from './int32.js';
import { layoutCases } from './layout.js';
import { leakCases } from './leak.js';
import { matmulCases } from './matmul.js';
import { moduleCases } from './modules.js';
import { nanInfCases } from './nan-inf.js';
import { nnParityCases } from './nn-parity.js';
import { optimizerCases } from './optimizers.js';
import { propertyCases } from './property.js';
import { randomCases } from './random.js';
import { readbackCases } from './readback.js';
import { reduceCases } from './reduce.js';
import { sgdParityCases } from './sgd-parity.js';
import { softmaxCases } from './softmax.js';

let all: readonly ConformanceCase[] | null = null;

/** Every case, in a stable order. */
export function allCases(): readonly ConformanceCase[] {
  all ??= [
    ...elementwiseCases(),
    ...reduceCases(),
    ...matmulCases(),
    ...layoutCases(),
    ...softmaxCases(),
    ...compositionAccuracyCases(),
    ...fusedCases(),
    ...optimizerCases(),
    ...sgdParityCases(),
    ...randomCases(),
    ...gradientCases(),
    ...broadcastCases(),
    ...nanInfCases(),
    ...emptyCases(),
    ...int32Cases(),
    ...readbackCases(),
    ...asyncPathCases(),
    ...errorCases(),
    ...indexCheckCases(),
    ...leakCases(),
    ...propertyCases(),
    ...moduleCases(),
    ...nnParityCases(),
  ];
  return all;
}

/** The case list (data: name, kernel, category, dtypes, run), optionally filtered. */
export function listCases(options: ListOptions = {}): ConformanceCase[] {
  const { categories, kernels, filter } = options;
  return allCases().filter(
    (c) =>
      (!categories || categories.includes(c.category)) &&
      (!kernels || kernels.includes(c.kernel)) &&
      (filter === undefined || (typeof filter === 'string' ? c.name.includes(filter) : filter.test(c.name))),
  );
}
