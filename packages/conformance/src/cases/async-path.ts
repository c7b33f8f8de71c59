/**
 * The asynchronous path is complete on every backend, with or without
 * synchronous readback: `await t.item()`, backward through a move between
 * backends (`backwardAsync`; `backward` where the gradient's way back reads
 * synchronously), and `Module.toAsync` moving parameters, gradients and the
 * optimizer's state so that training continues where it left off.
 */
import * as pg from '@polygrad/core';
import { type Backend, BackendError, type DataHandle, ShapeError, type Tensor } from '@polygrad/core';
import type { CaseContext, Check, ConformanceCase } from '../types.js';
import { bool, defineCase, numeric, thrown } from './util.js';

function describe(e: unknown): string {
  return e === null ? 'nothing was thrown' : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Run `fn` with a second backend registered (the backend under test under
 * another name), and check it leaves no tensor behind on either.
 */
async function withPeer(ctx: CaseContext, fn: (peer: string) => Promise<Check[]>): Promise<Check[]> {
  const b = ctx.backend;
  const name = `${ctx.backendName}-async-peer`;
  const peer: Backend = {
    name,
    dtypes: b.dtypes,
    precision: b.precision,
    capabilities: b.capabilities,
    deviceInfo: () => b.deviceInfo(),
    upload: (values, dtype) => b.upload(values, dtype),
    read: (handle) => b.read(handle),
    ...(b.readSync
      ? { readSync: (handle: DataHandle) => (b.readSync as NonNullable<Backend['readSync']>)(handle) }
      : {}),
    free: (handle) => b.free(handle),
    memory: () => b.memory(),
    kernels: b.kernels,
  };
  const live = (n: string): number => pg.memory().backends[n]?.tensors ?? 0;
  const before = live(ctx.backendName);
  pg.registerBackend(name, () => peer, { priority: -1000 });
  await pg.initBackend(name);
  try {
    const checks = await fn(name);
    return [
      ...checks,
      bool(
        'no tensor left behind',
        live(name) === 0 && live(ctx.backendName) === before,
        `${live(name)} tensors left on the peer, ${live(ctx.backendName) - before} on '${ctx.backendName}'`,
      ),
    ];
  } finally {
    pg.removeBackend(name);
  }
}

async function item(ctx: CaseContext): Promise<Check[]> {
  const t = pg.tidy(() => pg.sum(ctx.tensor([1.5, 2, -0.25], [3])));
  const v = ctx.tensor([1, 2], [2]);
  try {
    const value = await t.item();
    const checks: Check[] = [
      numeric('await item() of sum [1.5, 2, -0.25]', [value], [3.25], ctx.dtype),
      bool(
        'item() of a 2-element tensor is a ShapeError',
        await v.item().then(
          () => false,
          (e: unknown) => e instanceof ShapeError,
        ),
        'expected a rejected promise with a ShapeError',
      ),
    ];
    if (ctx.backend.readSync)
      checks.push(numeric('itemSync() equals await item()', [t.itemSync()], [value], ctx.dtype));
    else {
      const e = thrown(() => t.itemSync());
      checks.push(
        bool(
          'itemSync() on an async-only backend says to await item()',
          e instanceof BackendError && /await/.test(e.message),
          describe(e),
        ),
      );
    }
    return checks;
  } finally {
    pg.dispose([t, v]);
  }
}

/** x lives on a peer backend; y = x moved to the backend under test; loss = Σ y² · 3. */
async function backwardThroughMove(ctx: CaseContext): Promise<Check[]> {
  return withPeer(ctx, async (peer) => {
    const values = [0.5, -1, 2];
    const x = pg.tensor(ctx.dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values), {
      backend: peer,
      requiresGrad: true,
    });
    const checks: Check[] = [];
    try {
      const { y, loss } = await moveAndLoss(ctx, x);
      await loss.backwardAsync();
      checks.push(
        numeric(
          'backwardAsync: d(3 Σ y²)/dx = 6x, on the peer',
          await ctx.read(x.grad as Tensor),
          [3, -6, 12],
          ctx.dtype,
        ),
        bool(
          "the gradient lives on the leaf's backend",
          x.grad?.backendName === peer,
          `on ${x.grad?.backendName}`,
        ),
      );
      pg.dispose([loss, y]);
      x.zeroGrad();
      const again = await moveAndLoss(ctx, x);
      const e = thrown(() => again.loss.backward());
      if (ctx.backend.readSync) {
        checks.push(
          bool('backward (sync) works where the way back reads synchronously', e === null, describe(e)),
          numeric('backward (sync): 6x', await ctx.read(x.grad as Tensor), [3, -6, 12], ctx.dtype),
        );
      } else {
        checks.push(
          bool(
            'backward (sync) through a move from an async-only backend names backwardAsync',
            e instanceof BackendError && /backwardAsync/.test(e.message),
            describe(e),
          ),
        );
      }
      pg.dispose([again.loss, again.y]);
    } finally {
      x.zeroGrad();
      x.dispose();
    }
    return checks;
  });
}

/** The moved y, and the loss: its graph leaves tidy with it and is freed when its backward ran. */
async function moveAndLoss(ctx: CaseContext, x: Tensor): Promise<{ y: Tensor; loss: Tensor }> {
  const y = await pg.toAsync(x, ctx.backendName);
  return { y, loss: pg.tidy(() => pg.mul(pg.sum(pg.mul(y, y)), 3)) };
}

/**
 * One SGD-with-momentum step on the backend under test, `await model.toAsync(peer)`,
 * one more step there: gradient dL/dW = x = [1, 2] each step, so with lr 0.1 and
 * momentum 0.9, W₂ = W₀ − 0.1·g − 0.19·g when the velocity moved along (− 0.2·g if it was lost).
 */
async function moduleToAsync(ctx: CaseContext): Promise<Check[]> {
  return withPeer(ctx, async (peer) => {
    const model = new pg.nn.Linear(2, 1, { bias: false, dtype: ctx.dtype, backend: ctx.backendName });
    const init = pg.tensor([[0.5, -0.5]], { dtype: ctx.dtype, backend: ctx.backendName });
    model.loadStateDict({ weight: init });
    init.dispose();
    const opt = new pg.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const step = async (backend: string): Promise<void> => {
      const x = pg.tensor([[1, 2]], { dtype: ctx.dtype, backend });
      opt.zeroGrad();
      // The graph leaves tidy with the loss and lives until its backward ran.
      const loss = pg.tidy(() => pg.sum(model.forward(x)));
      if (ctx.backend.readSync) loss.backward();
      else await loss.backwardAsync();
      opt.step();
      pg.dispose([loss, x]);
    };
    const w = model.weight;
    try {
      await step(ctx.backendName);
      await model.toAsync(peer);
      const moved = w.backendName === peer && w.grad?.backendName === peer;
      await step(peer);
      const values = await ctx.read(w);
      await model.toAsync(ctx.backendName);
      return [
        bool('parameters and gradients moved to the peer', moved, `weight on ${w.backendName}`),
        numeric(
          'W after a step, toAsync and a second step (momentum kept)',
          values,
          [0.5 - 0.29, -0.5 - 0.58],
          ctx.dtype,
        ),
        bool(
          'moved back to the backend under test',
          w.backendName === ctx.backendName,
          `on ${w.backendName}`,
        ),
      ];
    } finally {
      opt.dispose();
      model.zeroGrad();
      model.dispose();
    }
  });
}

export function asyncPathCases(): ConformanceCase[] {
  return [
    defineCase('async/item', 'reduce', 'readback', item),
    defineCase('async/backward-through-move', 'binary', 'gradient', backwardThroughMove),
    defineCase('async/module-to-async-with-optimizer-state', 'sgdUpdate', 'module', moduleToAsync),
  ];
}
