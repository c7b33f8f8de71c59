/** Builds the CaseContext a case runs with. */
import { type Backend, tensor as createTensor, type DType, listBackends, type Tensor } from '@polygrad/core';
import { stored } from './data.js';
import { evaluateChecks } from './evaluate.js';
import type { CaseContext, Check, FloatDType } from './types.js';

export const DEFAULT_SEED = 20240611;
export const DEFAULT_NUM_RUNS = 25;

/** Backends (other than `name`) that are registered and initialise. */
export async function otherBackends(name: string): Promise<string[]> {
  const all = await listBackends();
  return all.filter((b) => b.available && b.name !== name).map((b) => b.name);
}

export function createContext(
  backend: Backend,
  dtype: FloatDType,
  others: readonly string[],
  seed = DEFAULT_SEED,
  numRuns = DEFAULT_NUM_RUNS,
): CaseContext {
  return {
    backendName: backend.name,
    backend,
    precision: backend.precision,
    dtype,
    otherBackends: others,
    seed,
    numRuns,
    tensor(values: ArrayLike<number>, shape: readonly number[], dt: DType = dtype): Tensor {
      const arr =
        dt === 'float32'
          ? Float32Array.from(values)
          : dt === 'float64'
            ? Float64Array.from(values)
            : dt === 'int32'
              ? Int32Array.from(values)
              : Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0));
      return createTensor(arr, { dtype: dt, shape, backend: backend.name });
    },
    async read(t: Tensor): Promise<Float64Array> {
      const values = backend.readSync ? t.dataSync() : await t.data();
      return Float64Array.from(values);
    },
    stored(values: ArrayLike<number>, dt: DType = dtype): Float64Array {
      return stored(values, dt);
    },
    evaluate(checks: readonly Check[]) {
      return evaluateChecks(checks, backend.precision);
    },
  };
}
