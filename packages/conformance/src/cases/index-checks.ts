/**
 * Index range checks: one rule on every backend, no readback per op. An index
 * outside [0, dim) given to gather, oneHot, softmaxCrossEntropy or nllLoss is an
 * AxisError, thrown by the op itself on host-memory backends
 * (`capabilities.hostMemory`) and otherwise by the next read of any tensor —
 * never a silently wrong number. In-range indices (0 and dim − 1 included) pass.
 */
import * as pg from '@polygrad/core';
import { AxisError, type KernelName, type Tensor } from '@polygrad/core';
import type { CaseContext, Check, ConformanceCase } from '../types.js';
import { bool, defineCase, numeric } from './util.js';

function describe(e: unknown): string {
  return e === null ? 'nothing was thrown' : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function memoryOf(ctx: CaseContext): string {
  const m = pg.memory().backends[ctx.backendName] ?? { tensors: 0, bytes: 0 };
  const b = ctx.backend.memory();
  return `${m.tensors} tensors, ${m.bytes} B; backend ${b.buffers} buffers, ${b.bytes} B`;
}

/**
 * Run `make` (bad indices) and read its result, then read an unrelated fresh tensor.
 * Exactly one AxisError naming `op` must come from the op or from the first read;
 * the second read must work (the failed check is cleared), and nothing leaks.
 */
async function rejected(ctx: CaseContext, label: string, op: string, make: () => Tensor): Promise<Check[]> {
  const before = memoryOf(ctx);
  let error: unknown = null;
  let where = '';
  let result: Tensor | null = null;
  try {
    result = pg.tidy(make);
  } catch (e) {
    error = e;
    where = 'op';
  }
  if (result) {
    try {
      await ctx.read(result);
    } catch (e) {
      error = e;
      where = 'read';
    } finally {
      result.dispose();
    }
  }
  const fresh = ctx.tensor([1, 2, 3], [3]);
  let after: unknown = null;
  try {
    await ctx.read(fresh);
  } catch (e) {
    after = e;
  } finally {
    fresh.dispose();
  }
  const hostMemory = ctx.backend.capabilities?.hostMemory === true;
  const checks: Check[] = [
    bool(
      `${label}: AxisError from ${op}`,
      error instanceof AxisError && error.op === op,
      `expected an AxisError naming '${op}' (from the op or the next read); got ${describe(error)}`,
    ),
    bool(`${label}: the next read works`, after === null, `a later read threw ${describe(after)}`),
    bool(`${label}: nothing leaks`, memoryOf(ctx) === before, `memory ${before} -> ${memoryOf(ctx)}`),
  ];
  if (hostMemory) {
    checks.push(
      bool(
        `${label}: host-memory backends throw from the op itself`,
        where === 'op',
        `thrown by the ${where || 'nothing'}; a backend declaring hostMemory is checked before the kernel runs`,
      ),
    );
  }
  return checks;
}

/** The error surfaces at the next read of ANY tensor, not only of the op's result. */
async function reportedAtAnyRead(ctx: CaseContext): Promise<Check[]> {
  const x = ctx.tensor([1, 2, 3, 4, 5, 6], [3, 2]);
  const other = ctx.tensor([7, 8], [2]);
  try {
    let error: unknown = null;
    let result: Tensor | null = null;
    try {
      result = pg.gather(
        x,
        pg.tidy(() => ctx.tensor([2, 3], [2], 'int32')),
        0,
      );
    } catch (e) {
      error = e;
    }
    try {
      // Not the gather result: an unrelated tensor on the same backend.
      if (result) await ctx.read(other);
    } catch (e) {
      error = e;
    } finally {
      result?.dispose();
    }
    const values = await ctx.read(other);
    return [
      bool(
        'gather index 3 of 3: AxisError by the op or at the read of another tensor',
        error instanceof AxisError && error.op === 'gather',
        describe(error),
      ),
      numeric('the read after the error returns the values', values, [7, 8], ctx.dtype),
    ];
  } finally {
    pg.dispose([x, other]);
  }
}

/** In-range indices at both ends pass through every checked op, forward and backward, with correct values. */
async function inRange(ctx: CaseContext): Promise<Check[]> {
  const x = ctx.tensor([1, 2, 3, 4, 5, 6], [3, 2]);
  x.requiresGrad = true;
  try {
    const outs = pg.tidy(() => {
      const idx = ctx.tensor([0, 2, 2], [3], 'int32');
      const g = pg.gather(x, idx, 0);
      const oh = pg.oneHot(ctx.tensor([0, 2], [2], 'int32'), 3);
      const ce = pg.softmaxCrossEntropy(
        ctx.tensor([0, 0, 0, 1, 1, 1], [2, 3]),
        ctx.tensor([0, 2], [2], 'int32'),
      );
      const nll = pg.nn.nllLoss(
        ctx.tensor([-1, -2, -3, -4, -5, -6], [2, 3]),
        ctx.tensor([2, 0], [2], 'int32'),
        {
          reduction: 'none',
        },
      );
      pg.sum(g).backward();
      return [g, oh, ce, nll, x.grad as Tensor];
    });
    const [g, oh, ce, nll, dx] = await Promise.all(outs.map((t) => ctx.read(t)));
    // The gradient (outs[4]) belongs to x and is freed with it below.
    pg.dispose(outs.slice(0, 4));
    return [
      numeric('gather rows 0, 2, 2', g, [1, 2, 5, 6, 5, 6], ctx.dtype),
      numeric('oneHot of 0 and 2 (depth 3)', oh, [1, 0, 0, 0, 0, 1], 'float32'),
      numeric('cross-entropy of uniform logits is log 3', ce, [Math.log(3), Math.log(3)], ctx.dtype),
      numeric('nllLoss picks -logp[label]', nll, [3, 4], ctx.dtype),
      numeric('gather backward scatters back (row 2 twice)', dx, [1, 1, 0, 0, 2, 2], ctx.dtype),
    ];
  } finally {
    x.grad?.dispose();
    x.dispose();
  }
}

const BAD: readonly [string, KernelName, string, (ctx: CaseContext) => Tensor][] = [
  [
    'gather-index-too-large',
    'gather',
    'gather',
    (ctx) => pg.gather(ctx.tensor([1, 2, 3, 4, 5, 6], [3, 2]), ctx.tensor([0, 3], [2], 'int32'), 0),
  ],
  [
    'gather-index-negative',
    'gather',
    'gather',
    (ctx) => pg.gather(ctx.tensor([1, 2, 3, 4, 5, 6], [3, 2]), ctx.tensor([-1, 1], [2], 'int32'), 1),
  ],
  ['one-hot-too-large', 'compare', 'oneHot', (ctx) => pg.oneHot(ctx.tensor([1, 4], [2], 'int32'), 4)],
  [
    'cross-entropy-label',
    'crossEntropy',
    'softmaxCrossEntropy',
    (ctx) => pg.softmaxCrossEntropy(ctx.tensor([1, 2, 3, 4, 5, 6], [2, 3]), ctx.tensor([0, 3], [2], 'int32')),
  ],
  [
    // nllLoss reads logProbs[i, label] from the flat matrix: label 3 of 3 would silently read row i+1.
    'nll-loss-label',
    'gather',
    'nllLoss',
    (ctx) => pg.nn.nllLoss(ctx.tensor([-1, -2, -3, -4, -5, -6], [2, 3]), ctx.tensor([3, 0], [2], 'int32')),
  ],
];

export function indexCheckCases(): ConformanceCase[] {
  return [
    ...BAD.map(([name, kernel, op, make]) =>
      defineCase(`index-checks/${name}`, kernel, 'errors', (ctx) => rejected(ctx, name, op, () => make(ctx))),
    ),
    defineCase('index-checks/reported-at-any-read', 'gather', 'errors', reportedAtAnyRead),
    defineCase('index-checks/in-range-at-both-ends', 'scatterAdd', 'forward', inRange),
  ];
}
