/** Sync vs async readback agree (dataSync vs await data(), arraySync vs array()), for float, int32 and bool. */
import * as pg from '@polygrad/core';
import { BackendError, type KernelName, type Tensor } from '@polygrad/core';
import type { CaseContext, Check, ConformanceCase } from '../types.js';
import { bool, defineCase, numeric, throwsCheck } from './util.js';

async function agreement(ctx: CaseContext, make: () => Tensor, label: string): Promise<Check[]> {
  const t = pg.tidy(make);
  try {
    const asyncValues = Float64Array.from(await t.data());
    const asyncNested = JSON.stringify(await t.array());
    if (!ctx.backend.readSync) {
      return [
        bool(
          `${label}: async read works`,
          asyncValues.length === t.size,
          `read ${asyncValues.length} of ${t.size} values`,
        ),
        throwsCheck(`${label}: dataSync on an async-only backend`, () => t.dataSync(), BackendError),
      ];
    }
    const syncValues = Float64Array.from(t.dataSync());
    const syncNested = JSON.stringify(t.arraySync());
    return [
      numeric(`${label}: dataSync equals await data()`, syncValues, asyncValues, 'int32'),
      bool(
        `${label}: arraySync equals await array()`,
        syncNested === asyncNested,
        `${syncNested} vs ${asyncNested}`,
      ),
      bool(
        `${label}: read returns a copy`,
        (() => {
          const first = t.dataSync();
          const second = t.dataSync();
          return first !== second;
        })(),
        'reads share memory',
      ),
    ];
  } finally {
    t.dispose();
  }
}

const cases: readonly [string, KernelName, (ctx: CaseContext) => Tensor][] = [
  ['float', 'unary', (ctx) => pg.exp(ctx.tensor([0, 1, -1, 0.5, 2, -3], [2, 3]))],
  ['int32', 'range', (ctx) => pg.arange(-3, 3, 1, { dtype: 'int32', backend: ctx.backendName })],
  ['bool', 'compare', (ctx) => pg.greater(ctx.tensor([1, -1, 0, 2], [2, 2]), 0)],
  ['scalar', 'reduce', (ctx) => pg.sum(ctx.tensor([1, 2, 3], [3]))],
];

export function readbackCases(): ConformanceCase[] {
  return cases.map(([name, kernel, make]) =>
    defineCase(`readback/${name}`, kernel, 'readback', (ctx) => agreement(ctx, () => make(ctx), name)),
  );
}
