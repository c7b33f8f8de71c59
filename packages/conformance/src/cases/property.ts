/**
 * Property-based cases (fast-check, fixed seed, bounded runs): random shapes
 * (rank 0–4, dims 0–5), broadcast-compatible pairs, random reduction axes with
 * keepdims, random permutations, random matmul shapes; every unary, binary,
 * compare and reduce op vs the float64 reference; invalid combinations must
 * throw the documented error type.
 */
import * as pg from '@polygrad/core';
import {
  AxisError,
  BINARY_OPS,
  COMPARE_OPS,
  type KernelName,
  REDUCE_OPS,
  ShapeError,
  UNARY_OPS,
} from '@polygrad/core';
import fc from 'fast-check';
import { uniform } from '../data.js';
import * as ref from '../reference/index.js';
import type { CaseContext, Check, ConformanceCase } from '../types.js';
import { binaryCheck, compareCheck, unaryInput, unaryOp } from './elementwise.js';
import { reduceInput, reduceOpFns } from './reduce.js';
import { bool, defineCase, evaluate, numeric, throwsCheck, up } from './util.js';

const dim = fc.integer({ min: 0, max: 5 });
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 4 });
const seedArb = fc.integer({ min: 1, max: 1_000_000 });

/** A pair of broadcast-compatible shapes: b is a (possibly shorter) copy of a with some dims set to 1, maybe swapped. */
const broadcastPairArb = fc
  .tuple(
    shapeArb,
    fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
    fc.integer({ min: 0, max: 4 }),
    fc.boolean(),
  )
  .map(([a, modes, drop, swap]) => {
    const b = a.map((d, i) => (modes[i] === 0 ? 1 : d)).slice(Math.min(drop, a.length));
    const a2 = a.map((d, i) => (modes[i] === 2 ? 1 : d));
    return swap ? ([b, a2] as const) : ([a2, b] as const);
  });

/** Two shapes that do NOT broadcast: some aligned dimension differs and neither is 1. */
const incompatiblePairArb = fc
  .tuple(shapeArb, fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 }))
  .filter(([, x, y]) => x !== y)
  .map(([s, x, y]) => [[...s, x], [y]] as const);

/** Run a property; every passing run contributes its checks, a failure adds the shrunk counterexample. */
async function property<T>(
  ctx: CaseContext,
  arb: fc.Arbitrary<T>,
  body: (v: T) => Promise<Check[]>,
): Promise<Check[]> {
  const all: Check[] = [];
  let failingChecks: Check[] | null = null;
  const details = await fc.check(
    fc.asyncProperty(arb, async (v) => {
      const checks = await body(v);
      const ev = ctx.evaluate(checks);
      if (!ev.passed) {
        failingChecks ??= checks;
        throw new Error(ev.message);
      }
      all.push(...checks);
    }),
    { seed: ctx.seed, numRuns: ctx.numRuns },
  );
  if (details.failed) {
    const err =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    all.push(...(failingChecks ?? []));
    all.push(
      bool(
        'property',
        false,
        `counterexample ${fc.stringify(details.counterexample)} (seed ${ctx.seed}, shrunk ${details.numShrinks} times): ${err}`,
      ),
    );
  }
  return all;
}

function prop(
  name: string,
  kernel: KernelName,
  run: (ctx: CaseContext) => Promise<Check[]>,
): ConformanceCase {
  return defineCase(`property/${name}`, kernel, 'property', run);
}

export function propertyCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of UNARY_OPS) {
    cases.push(
      prop(`unary/${op}`, 'unary', (ctx) =>
        property(ctx, fc.tuple(shapeArb, seedArb), async ([shape, seed]) => {
          const inDt = op === 'logicalNot' ? 'bool' : ctx.dtype;
          const outDt = op === 'logicalNot' || op === 'isNaN' || op === 'isFinite' ? 'bool' : ctx.dtype;
          const x = unaryInput(op, shape, seed, inDt);
          const [y] = await evaluate(ctx, () => unaryOp(op)(up(ctx, x, inDt)));
          return [numeric(`${op} of [${shape.join(',')}]`, y, ref.unary(op, x), outDt, { inputs: [x] })];
        }),
      ),
    );
  }
  for (const op of BINARY_OPS) {
    cases.push(
      prop(`binary/${op}`, 'binary', (ctx) =>
        property(ctx, fc.tuple(broadcastPairArb, seedArb), async ([[sa, sb], seed]) => [
          await binaryCheck(ctx, op, sa, sb, seed, `${op} [${sa.join(',')}]∘[${sb.join(',')}]`),
        ]),
      ),
    );
  }
  for (const op of COMPARE_OPS) {
    cases.push(
      prop(`compare/${op}`, 'compare', (ctx) =>
        property(ctx, fc.tuple(broadcastPairArb, seedArb), async ([[sa, sb], seed]) => [
          await compareCheck(ctx, op, sa, sb, seed, `${op} [${sa.join(',')}]∘[${sb.join(',')}]`),
        ]),
      ),
    );
  }
  for (const op of REDUCE_OPS) {
    cases.push(
      prop(`reduce/${op}`, 'reduce', (ctx) =>
        property(
          ctx,
          fc.tuple(shapeArb, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.boolean(), seedArb),
          async ([shape, pick, keepdims, seed]) => {
            const axes = shape.flatMap((_, i) => (pick[i] ? [i] : []));
            const x = reduceInput(op, shape, seed, ctx.dtype);
            const label = `${op} of [${shape.join(',')}] over [${axes.join(',')}]${keepdims ? ' keepdims' : ''}`;
            if ((op === 'max' || op === 'min') && axes.some((a) => shape[a] === 0)) {
              return [
                throwsCheck(
                  `${label} (empty axis, no identity)`,
                  () => pg.tidy(() => reduceOpFns[op](up(ctx, x), axes, keepdims)),
                  ShapeError,
                ),
              ];
            }
            const [y] = await evaluate(ctx, () => reduceOpFns[op](up(ctx, x), axes, keepdims));
            const k = axes.reduce((n, a) => n * shape[a], 1);
            return [numeric(label, y, ref.reduce(op, x, axes, keepdims), ctx.dtype, { k, inputs: [x] })];
          },
        ),
      ),
    );
  }
  cases.push(
    prop('transpose/permutations', 'transpose', (ctx) =>
      property(
        ctx,
        shapeArb.chain((shape) =>
          fc.tuple(
            fc.constant(shape),
            fc.shuffledSubarray(
              shape.map((_, i) => i),
              { minLength: shape.length, maxLength: shape.length },
            ),
            seedArb,
          ),
        ),
        async ([shape, perm, seed]) => {
          const x = uniform(shape, -3, 3, seed, ctx.dtype);
          const [y] = await evaluate(ctx, () => pg.transpose(up(ctx, x), perm));
          return [
            numeric(
              `transpose [${shape.join(',')}] by [${perm.join(',')}]`,
              y,
              ref.transpose(x, perm),
              ctx.dtype,
            ),
          ];
        },
      ),
    ),
    prop('matmul/shapes-and-flags', 'matmul', (ctx) =>
      property(
        ctx,
        fc.tuple(
          fc.array(dim, { minLength: 3, maxLength: 3 }),
          broadcastPairArb.filter(([a, b]) => a.length <= 2 && b.length <= 2),
          fc.boolean(),
          fc.boolean(),
          seedArb,
        ),
        async ([[mm, kk, nn], [ba, bb], tA, tB, seed]) => {
          const a = uniform(tA ? [...ba, kk, mm] : [...ba, mm, kk], -2, 2, seed, ctx.dtype);
          const b = uniform(tB ? [...bb, nn, kk] : [...bb, kk, nn], -2, 2, seed + 1, ctx.dtype);
          const [y] = await evaluate(ctx, () =>
            pg.matmul(up(ctx, a), up(ctx, b), { transposeA: tA, transposeB: tB }),
          );
          return [
            numeric(
              `matmul [${a.shape.join(',')}]${tA ? 'ᵀ' : ''}·[${b.shape.join(',')}]${tB ? 'ᵀ' : ''}`,
              y,
              ref.matmul(a, b, tA, tB),
              ctx.dtype,
              { k: kk, inputs: [a, b] },
            ),
          ];
        },
      ),
    ),
    prop('errors/incompatible-broadcast', 'binary', (ctx) =>
      property(ctx, incompatiblePairArb, async ([sa, sb]) => [
        throwsCheck(
          `add [${sa.join(',')}] and [${sb.join(',')}]`,
          () =>
            pg.tidy(() =>
              pg.add(up(ctx, uniform(sa, 0, 1, 1, ctx.dtype)), up(ctx, uniform(sb, 0, 1, 2, ctx.dtype))),
            ),
          ShapeError,
        ),
      ]),
    ),
    prop('errors/axis-out-of-range', 'reduce', (ctx) =>
      property(
        ctx,
        fc.tuple(shapeArb, fc.integer({ min: 0, max: 3 }), fc.boolean()),
        async ([shape, extra, negative]) => {
          const outside = (rank: number) => (negative ? -rank - 1 - extra : rank + extra);
          const x = uniform(shape, 0, 1, 3, ctx.dtype);
          // Reductions take axes in [-rank, rank); softmax treats a scalar as one row, so it accepts [-1, 0] there.
          const axis = outside(shape.length);
          const softmaxAxis = outside(Math.max(shape.length, 1));
          return [
            throwsCheck(
              `sum of [${shape.join(',')}] over axis ${axis}`,
              () => pg.tidy(() => pg.sum(up(ctx, x), axis)),
              AxisError,
            ),
            throwsCheck(
              `softmax of [${shape.join(',')}] over axis ${softmaxAxis}`,
              () => pg.tidy(() => pg.softmax(up(ctx, x), softmaxAxis)),
              AxisError,
            ),
          ];
        },
      ),
    ),
  );
  return cases;
}
