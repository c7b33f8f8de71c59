/**
 * Module-level cases: the nn/optim/data library (core's `nn`, `optim`, `data`)
 * run on the backend under test at the run's dtype, against hand formulas from
 * the seed written as plain float64 loops (`reference/modules.ts`). Every case
 * also checks that it leaves core's live tensor count and bytes unchanged.
 */
import * as pg from '@polygrad/core';
import { data, dropoutMaskReference, fmix32, type KernelName, nn, optim, type Tensor } from '@polygrad/core';
import { stored, uniform, weights } from '../data.js';
import * as ref from '../reference/index.js';
import { type NDArray, nd } from '../reference/ndarray.js';
import type { CaseContext, Check, ConformanceCase, FloatDType } from '../types.js';
import { bool, defineCase, gradientChecks, numeric, up } from './util.js';

type Reduction = ref.ReductionName;
const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** A hand-made array, rounded as stored at `dtype`. */
const arr = (shape: readonly number[], values: readonly number[], dtype: FloatDType): NDArray => ({
  shape: [...shape],
  data: stored(values, dtype),
});

/** A gradient-requiring leaf on the backend under test. */
function leaf(ctx: CaseContext, x: NDArray): Tensor {
  const t = up(ctx, x);
  t.requiresGrad = true;
  return t;
}

/** Inside tidy: take a leaf's gradient out of it (zeros when autograd left none), so it survives the scope. */
function takeGrad(t: Tensor): Tensor {
  const g = t.grad ?? pg.zerosLike(t);
  t.grad = null;
  return g;
}

/** Read a (kept) tensor; an absent tensor reads as an empty array, which fails any numeric check by length. */
async function readOrEmpty(ctx: CaseContext, t: Tensor | null): Promise<Float64Array> {
  return t ? ctx.read(t) : new Float64Array(0);
}

/** Read tensors returned from tidy, then free them. */
async function readAll(ctx: CaseContext, ts: readonly Tensor[]): Promise<Float64Array[]> {
  try {
    return await Promise.all(ts.map((t) => ctx.read(t)));
  } finally {
    pg.dispose([...ts]);
  }
}

/**
 * Load `weights` into `module`, run it on `x` and back-propagate `dy`: returns
 * [y, dC/dx] read back; parameter gradients stay on the module's parameters.
 */
async function forwardBackward(
  ctx: CaseContext,
  module: { loadStateDict(d: Record<string, Tensor>): void; forward(x: Tensor): Tensor },
  weights: Record<string, NDArray>,
  x: NDArray,
  dy: NDArray,
): Promise<Float64Array[]> {
  const dict: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(weights)) dict[k] = up(ctx, v);
  try {
    module.loadStateDict(dict);
  } finally {
    pg.dispose(Object.values(dict));
  }
  return readAll(
    ctx,
    pg.tidy(() => {
      const xt = leaf(ctx, x);
      const yt = module.forward(xt);
      yt.backward(up(ctx, dy));
      return [yt, takeGrad(xt)];
    }),
  );
}

function liveMemory(ctx: CaseContext): { tensors: number; bytes: number } {
  const m = pg.memory().backends[ctx.backendName];
  return { tensors: m?.tensors ?? 0, bytes: m?.bytes ?? 0 };
}

/** A module case: its checks plus "every tensor the case created was freed". */
function moduleCase(
  name: string,
  kernel: KernelName,
  run: (ctx: CaseContext) => Promise<Check[]>,
): ConformanceCase {
  return defineCase(`module/${name}`, kernel, 'module', async (ctx) => {
    const before = liveMemory(ctx);
    const checks = await run(ctx);
    const after = liveMemory(ctx);
    checks.push(
      bool(
        `${name}: frees every tensor it created`,
        before.tensors === after.tensors && before.bytes === after.bytes,
        `live tensors ${before.tensors} → ${after.tensors}, bytes ${before.bytes} → ${after.bytes}`,
      ),
    );
    return checks;
  });
}

// ---------------------------------------------------------------- Linear

async function linearChecks(ctx: CaseContext, bias: boolean): Promise<Check[]> {
  const dt = ctx.dtype;
  const x = arr([3, 4], [1, -2, 0.5, 3, -1.5, 0.25, 2, -0.75, 0, 1.25, -3, 0.5], dt);
  const w = arr([2, 4], [0.5, -1, 0.25, 2, -0.5, 1.5, -2, 0.75], dt);
  const b = bias ? arr([2], [0.125, -0.625], dt) : null;
  const dy = arr([3, 2], [1, -0.5, 0.25, 2, -1.5, 0.75], dt);
  const lin = new nn.Linear(4, 2, { bias, seed: 1, dtype: dt, backend: ctx.backendName });
  try {
    const [y, dx] = await forwardBackward(ctx, lin, b ? { weight: w, bias: b } : { weight: w }, x, dy);
    const dw = await readOrEmpty(ctx, lin.weight.grad);
    const r = ref.linearModule(x, w, b, dy);
    const inputs = [x, w, dy, ...(b ? [b] : [])];
    const label = bias ? 'Linear(4, 2)' : 'Linear(4, 2, bias: false)';
    const checks: Check[] = [
      numeric(`${label} forward Y = X·Wᵀ + b`, y, r.y, dt, { k: 4, inputs }),
      numeric(`${label} dC/dX = dC/dY·W`, dx, r.dx, dt, { k: 2, inputs }),
      numeric(`${label} dC/dW = (dC/dY)ᵀ·X`, dw, r.dw, dt, { k: 3, inputs }),
    ];
    if (r.db) {
      const db = await readOrEmpty(ctx, lin.bias?.grad ?? null);
      checks.push(numeric(`${label} dC/db = Σ_rows dC/dY`, db, r.db, dt, { k: 3, inputs }));
    } else {
      checks.push(
        bool(
          `${label} has no bias parameter`,
          lin.bias === null && lin.parameters().length === 1,
          `bias ${lin.bias === null ? 'absent' : 'present'}, ${lin.parameters().length} parameters`,
        ),
      );
    }
    return checks;
  } finally {
    lin.zeroGrad();
    lin.dispose();
  }
}

// ---------------------------------------------------------------- losses

/** Logits with rows at ±1000 (naive exp overflows) and an ordinary row. */
function lossLogits(dtype: FloatDType): NDArray {
  return arr(
    [4, 5],
    [
      1000, 999, -1000, 0, 2, -1000, -999.5, -1001, -1000, -1000, 0.5, -1.25, 2, 0.75, -0.5, 1000, 1000, 1000,
      -1000, 3,
    ],
    dtype,
  );
}
const LOSS_LABELS = [2, 0, 3, 1];
/** The row of `lossLogits` with ordinary magnitudes. */
const ORDINARY_ROW = 2;

async function classificationLossChecks(
  ctx: CaseContext,
  reduction: Reduction,
  viaLogSoftmax: boolean,
): Promise<Check[]> {
  const dt = ctx.dtype;
  const logits = lossLogits(dt);
  const upstream = reduction === 'none' ? weights([4], 21, dt) : null;
  const lossFn = viaLogSoftmax ? new nn.NLLLoss({ reduction }) : new nn.CrossEntropyLoss({ reduction });
  const logSoftmax = new nn.LogSoftmax();
  const [loss, dlogits] = await readAll(
    ctx,
    pg.tidy(() => {
      const x = leaf(ctx, logits);
      const labels = ctx.tensor(LOSS_LABELS, [4], 'int32');
      const l = lossFn.forward(viaLogSoftmax ? logSoftmax.forward(x) : x, labels);
      if (upstream) l.backward(up(ctx, upstream));
      else l.backward();
      return [l, takeGrad(x)];
    }),
  );
  const r = ref.crossEntropyModule(logits, LOSS_LABELS, reduction, upstream);
  const label = viaLogSoftmax ? `NLLLoss(LogSoftmax) '${reduction}'` : `CrossEntropyLoss '${reduction}'`;
  const inputs = upstream ? [logits, upstream] : [logits];
  // Row i's gradient depends on row i only: judge the ordinary row against its own (small) magnitude.
  const rows = (values: ArrayLike<number>, which: readonly number[]) =>
    which.flatMap((i) => Array.from({ length: 5 }, (_, j) => values[i * 5 + j]));
  const huge = [0, 1, 3];
  const ordinary = [ORDINARY_ROW];
  const upstreamOf = (which: readonly number[]) => (upstream ? [which.map((i) => upstream.data[i])] : []);
  return [
    numeric(`${label} value at ±1000 logits`, loss, r.loss, dt, { k: 5, inputs }),
    numeric(
      `${label} gradient (softmax − onehot)·dC/dloss, rows at ±1000`,
      rows(dlogits, huge),
      rows(r.dlogits.data, huge),
      dt,
      { k: 5, inputs: [rows(logits.data, huge), ...upstreamOf(huge)] },
    ),
    numeric(
      `${label} gradient (softmax − onehot)·dC/dloss, ordinary row`,
      rows(dlogits, ordinary),
      rows(r.dlogits.data, ordinary),
      dt,
      { k: 5, inputs: [rows(logits.data, ordinary), ...upstreamOf(ordinary)] },
    ),
  ];
}

async function mseChecks(ctx: CaseContext, reduction: Reduction): Promise<Check[]> {
  const dt = ctx.dtype;
  const x = uniform([3, 4], -2, 2, 31, dt);
  const t = uniform([3, 4], -2, 2, 32, dt);
  const upstream = reduction === 'none' ? weights([3, 4], 33, dt) : null;
  const lossFn = new nn.MSELoss({ reduction });
  const [loss, dx] = await readAll(
    ctx,
    pg.tidy(() => {
      const xt = leaf(ctx, x);
      const l = lossFn.forward(xt, up(ctx, t));
      if (upstream) l.backward(up(ctx, upstream));
      else l.backward();
      return [l, takeGrad(xt)];
    }),
  );
  const r = ref.mseModule(x, t, reduction, upstream);
  const inputs = [x, t, ...(upstream ? [upstream] : [])];
  const k = reduction === 'none' ? 1 : 12;
  return [
    numeric(`MSELoss '${reduction}' value`, loss, r.loss, dt, { k, inputs }),
    numeric(`MSELoss '${reduction}' gradient 2(x − t)·dC/dloss`, dx, r.dx, dt, { k, inputs }),
  ];
}

// ---------------------------------------------------------------- Dropout

async function dropoutChecks(ctx: CaseContext): Promise<Check[]> {
  const dt = ctx.dtype;
  const p = 0.25; // exact in float32, so u >= p cannot round differently from the reference
  const seed = 1234;
  const x = uniform([4, 5], -2, 2, 41, dt);
  const dy = weights([4, 5], 42, dt);
  const drop = new nn.Dropout(p, { seed });
  const run = (m: nn.Module) =>
    pg.tidy(() => {
      const xt = leaf(ctx, x);
      const y = m.forward(xt) as Tensor;
      // Dropout(1) returns fresh zeros (zerosLike) without a graph: x then gets no (= a zero) gradient.
      if (y.requiresGrad) y.backward(up(ctx, dy));
      return [y, takeGrad(xt)];
    });
  const [y1, g1] = await readAll(ctx, run(drop));
  const [y2, g2] = await readAll(ctx, run(drop));
  drop.eval();
  const [y3, g3] = await readAll(ctx, run(drop));
  const [y4, g4] = await readAll(ctx, run(new nn.Dropout(1)));
  const mask = (call: number) =>
    Float64Array.from(x.data, (_, i) => dropoutMaskReference(ref.dropoutCallSeed(seed, call, fmix32), p, i));
  const m1 = mask(1);
  const m2 = mask(2);
  const times = (a: ArrayLike<number>, b: ArrayLike<number>) => Float64Array.from(a, (v, i) => v * b[i]);
  const inputs = [x, dy, m1];
  const zeros = new Float64Array(x.data.length);
  const dropped = m1.filter((v) => v === 0).length;
  return [
    bool(
      'the reference mask drops some elements and keeps others',
      dropped > 0 && dropped < m1.length,
      `${dropped} of ${m1.length} dropped`,
    ),
    numeric('Dropout(0.25) train, call 1: y = x·mask', y1, times(x.data, m1), dt, { inputs }),
    numeric('Dropout(0.25) train, call 1: dC/dx = dC/dy·mask', g1, times(dy.data, m1), dt, { inputs }),
    numeric('Dropout(0.25) train, call 2 (next seed): y = x·mask', y2, times(x.data, m2), dt, { inputs }),
    numeric('Dropout(0.25) train, call 2: dC/dx = dC/dy·mask', g2, times(dy.data, m2), dt, { inputs }),
    numeric('Dropout eval: identity', y3, x, dt, { inputs }),
    numeric('Dropout eval: gradient passes unchanged', g3, dy, dt, { inputs }),
    numeric('Dropout(1) train: all zeros', y4, zeros, dt, { inputs }),
    numeric('Dropout(1) train: zero gradient', g4, zeros, dt, { inputs }),
  ];
}

// ---------------------------------------------------------------- activations

type Activation = 'relu' | 'sigmoid' | 'tanh' | 'softplus';
const ACTIVATIONS: readonly [Activation, () => nn.Module][] = [
  ['relu', () => new nn.ReLU()],
  ['sigmoid', () => new nn.Sigmoid()],
  ['tanh', () => new nn.Tanh()],
  ['softplus', () => new nn.Softplus()],
];

// ---------------------------------------------------------------- graph modules

/**
 * y = Max(L(x), x) + x as modules:
 *   Sequential(Duplicate(2), Parallel(Sequential(Duplicate(2), Parallel(Linear, Identity), Max), Identity), Add)
 * x fans out three times. W and b are chosen so that L(x) = x exactly at two
 * elements (ties): there the seed's rule sends dC/dY to the LATER input (the
 * identity branch), so the Linear branch gets nothing. Hand-derived:
 *   mask = [L(x) > x];  dC/dL = dy·mask;  dC/dW = (dC/dL)ᵀ·x;  dC/db = Σ_rows dC/dL
 *   dC/dx = dy (Add's skip) + dy·(1 − mask) (Max's identity input) + dC/dL·W (Linear)
 */
async function residualChecks(ctx: CaseContext): Promise<Check[]> {
  const dt = ctx.dtype;
  const x = arr([2, 3], [1, -2, 0.5, 3, 0.25, -1], dt);
  const w = arr([3, 3], [1, 0, 0, 0.5, 0, 1, 0, 1, 0], dt);
  const b = arr([3], [0, 0.5, 0], dt);
  const dy = arr([2, 3], [0.5, 1, 1.5, 2, 2.5, 3], dt);
  const lin = new nn.Linear(3, 3, { seed: 2, dtype: dt, backend: ctx.backendName });
  const net = new nn.Sequential(
    new nn.Duplicate(2),
    new nn.Parallel(
      new nn.Sequential(new nn.Duplicate(2), new nn.Parallel(lin, new nn.Identity()), new nn.Max()),
      new nn.Identity(),
    ),
    new nn.Add(),
  );
  try {
    const [y, dx] = await forwardBackward(ctx, net, { '1.0.1.0.weight': w, '1.0.1.0.bias': b }, x, dy);
    const dw = await readOrEmpty(ctx, lin.weight.grad);
    const db = await readOrEmpty(ctx, lin.bias?.grad ?? null);
    // Reference, by hand.
    const lx = ref.linearModule(x, w, b, nd([2, 3])).y;
    const n = x.data.length;
    const mask = Float64Array.from(lx.data, (v, i) => (v > x.data[i] ? 1 : 0));
    const ties = lx.data.filter((v, i) => v === x.data[i]).length;
    const yRef = Float64Array.from(lx.data, (v, i) => Math.max(v, x.data[i]) + x.data[i]);
    const dL = nd(
      [2, 3],
      Float64Array.from(dy.data, (g, i) => g * mask[i]),
    );
    const lin2 = ref.linearModule(x, w, b, dL);
    const dxRef = new Float64Array(n);
    for (let i = 0; i < n; i++) dxRef[i] = dy.data[i] + dy.data[i] * (1 - mask[i]) + lin2.dx.data[i];
    const inputs = [x, w, b, dy];
    return [
      bool('the data has ties in Max (L(x) = x)', ties === 2, `${ties} ties; expected 2`),
      numeric('residual block forward max(L(x), x) + x', y, yRef, dt, { k: 3, inputs }),
      numeric('dC/dx: fan-out of three uses summed, ties routed to the later input', dx, dxRef, dt, {
        k: 3,
        inputs,
      }),
      numeric('dC/dW of the Linear branch (nothing through ties)', dw, lin2.dw, dt, { k: 2, inputs }),
      numeric('dC/db of the Linear branch (nothing through ties)', db, lin2.db ?? [], dt, { k: 2, inputs }),
    ];
  } finally {
    net.zeroGrad();
    net.dispose();
  }
}

// ---------------------------------------------------------------- optimizers

interface OptimSpec {
  readonly name: string;
  /** Build the optimizer over two groups: [w, frozen] at the group's lr and [b] at half of it. */
  readonly make: (groups: { w: Tensor; b: Tensor; frozen: Tensor }) => {
    zeroGrad(): void;
    step(): void;
    dispose(): void;
  };
  /** The full reference configuration (defaults spelt out). */
  readonly sgd?: ref.SgdConfig;
  readonly adam?: Omit<ref.AdamConfig, 'step'>;
}

const sgdFull = (o: Partial<ref.SgdConfig> & { lr: number }): ref.SgdConfig => ({
  momentum: 0,
  dampening: 0,
  nesterov: false,
  weightDecay: 0,
  l1: 0,
  ...o,
});

function sgdSpec(name: string, o: Partial<ref.SgdConfig> & { lr: number }): OptimSpec {
  return {
    name,
    make: ({ w, b, frozen }) => new optim.SGD([{ params: [w, frozen] }, { params: [b], lr: o.lr / 2 }], o),
    sgd: sgdFull(o),
  };
}

const OPTIM_SPECS: readonly OptimSpec[] = [
  sgdSpec('sgd-plain', { lr: 0.1 }),
  sgdSpec('sgd-momentum', { lr: 0.05, momentum: 0.9 }),
  sgdSpec('sgd-momentum-dampening', { lr: 0.05, momentum: 0.9, dampening: 0.25 }),
  sgdSpec('sgd-nesterov', { lr: 0.05, momentum: 0.8, nesterov: true }),
  sgdSpec('sgd-l2', { lr: 0.1, weightDecay: 0.02 }),
  sgdSpec('sgd-l1', { lr: 0.1, l1: 0.01 }),
  {
    name: 'adam',
    make: ({ w, b, frozen }) =>
      new optim.Adam([{ params: [w, frozen] }, { params: [b], lr: 0.005 }], {
        lr: 0.01,
      }),
    adam: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false },
  },
  {
    name: 'adam-l2',
    make: ({ w, b, frozen }) =>
      new optim.Adam([{ params: [w, frozen] }, { params: [b], lr: 0.005 }], {
        lr: 0.01,
        betas: [0.8, 0.99],
        eps: 1e-6,
        weightDecay: 0.05,
      }),
    adam: { lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.05, decoupled: false },
  },
  {
    name: 'adamw',
    // AdamW's default weightDecay is 0.01.
    make: ({ w, b, frozen }) =>
      new optim.AdamW([{ params: [w, frozen] }, { params: [b], lr: 0.005 }], {
        lr: 0.01,
      }),
    adam: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decoupled: true },
  },
];

/** 3 steps of an optimizer with fixed gradients set on `p.grad`; a parameter without a gradient stays unchanged. */
async function optimizerChecks(ctx: CaseContext, spec: OptimSpec): Promise<Check[]> {
  const dt = ctx.dtype;
  let wRef = arr([2, 3], [0.5, -1.5, 2, -0.25, 1, -3], dt).data;
  let bRef = arr([3], [0.125, -0.25, 0.375], dt).data;
  const frozenValues = arr([2], [0.75, -0.5], dt).data;
  let state: Record<'w' | 'b', { v: Float64Array | null; m: Float64Array; s: Float64Array }> = {
    w: { v: new Float64Array(6), m: new Float64Array(6), s: new Float64Array(6) },
    b: { v: new Float64Array(3), m: new Float64Array(3), s: new Float64Array(3) },
  };
  const w = ctx.tensor(wRef, [2, 3]);
  const b = ctx.tensor(bRef, [3]);
  const frozen = ctx.tensor(frozenValues, [2]);
  const opt = spec.make({ w, b, frozen });
  const checks: Check[] = [];
  try {
    for (let step = 1; step <= 3; step++) {
      const gw = uniform([2, 3], -1, 1, 300 + step, dt);
      const gb = uniform([3], -1, 1, 310 + step, dt);
      opt.zeroGrad();
      w.grad = up(ctx, gw);
      b.grad = up(ctx, gb);
      opt.step();
      const next: typeof state = { w: state.w, b: state.b };
      const results: Record<'w' | 'b', Float64Array> = { w: wRef, b: bRef };
      for (const [key, p, g, lrScale] of [
        ['w', wRef, gw.data, 1],
        ['b', bRef, gb.data, 0.5],
      ] as const) {
        const st = state[key];
        if (spec.sgd) {
          const r = ref.sgdStep(p, g, st.v, { ...spec.sgd, lr: spec.sgd.lr * lrScale }, step === 1);
          results[key] = r.param;
          next[key] = { ...st, v: r.velocity ? ctx.stored(r.velocity) : null };
        } else if (spec.adam) {
          const r = ref.adamStep(p, g, st.m, st.s, { ...spec.adam, lr: spec.adam.lr * lrScale, step });
          results[key] = r.param;
          next[key] = { v: null, m: ctx.stored(r.m), s: ctx.stored(r.v) };
        }
      }
      const k = spec.adam ? 2 : 1;
      checks.push(
        numeric(`${spec.name} step ${step}: weight (group lr)`, await ctx.read(w), results.w, dt, {
          k,
          inputs: [wRef, gw],
        }),
        numeric(`${spec.name} step ${step}: bias (group lr / 2)`, await ctx.read(b), results.b, dt, {
          k,
          inputs: [bRef, gb],
        }),
      );
      // The reference continues from the stored state, like the backend.
      wRef = ctx.stored(results.w);
      bRef = ctx.stored(results.b);
      state = next;
    }
    checks.push(
      numeric(
        `${spec.name}: a parameter without a gradient is not updated`,
        await ctx.read(frozen),
        frozenValues,
        dt,
      ),
    );
  } finally {
    opt.zeroGrad();
    opt.dispose();
    pg.dispose([w, b, frozen]);
  }
  return checks;
}

/**
 * The seed's L2 rule w ← (1 − 2ηα)·w − η·∂C/∂w, three ways: SGD with
 * weightDecay = 2α and the data gradient set by hand, and plain SGD on the
 * loss C + α·l2Penalty(w) differentiated by autograd, both against the formula.
 */
async function l2IdentityChecks(ctx: CaseContext): Promise<Check[]> {
  const dt = ctx.dtype;
  const eta = 0.1;
  const alpha = 0.05;
  let wRef = arr([2, 3], [0.5, -1.5, 2, -0.25, 1, -3], dt).data;
  const w1 = ctx.tensor(wRef, [2, 3]);
  const w2 = ctx.tensor(wRef, [2, 3]);
  w2.requiresGrad = true;
  const decay = new optim.SGD([w1], { lr: eta, weightDecay: 2 * alpha });
  const plain = new optim.SGD([w2], { lr: eta });
  const checks: Check[] = [];
  try {
    for (let step = 1; step <= 3; step++) {
      const g = uniform([2, 3], -1, 1, 320 + step, dt);
      decay.zeroGrad();
      w1.grad = up(ctx, g);
      decay.step();
      plain.zeroGrad();
      pg.tidy(() => {
        // C(w) = Σ g·w (so ∂C/∂w = g) plus the penalty α‖w‖².
        const c = pg.add(pg.sum(pg.mul(w2, up(ctx, g))), pg.mul(nn.l2Penalty([w2]), alpha));
        c.backward();
      });
      plain.step();
      const expected = Float64Array.from(wRef, (w, i) => (1 - 2 * eta * alpha) * w - eta * g.data[i]);
      const inputs = [wRef, g];
      checks.push(
        numeric(
          `step ${step}: SGD(weightDecay = 2α) = (1 − 2ηα)·w − η·∂C/∂w`,
          await ctx.read(w1),
          expected,
          dt,
          {
            k: 2,
            inputs,
          },
        ),
        numeric(`step ${step}: SGD on C + α‖w‖² = (1 − 2ηα)·w − η·∂C/∂w`, await ctx.read(w2), expected, dt, {
          k: 6,
          inputs,
        }),
      );
      wRef = ctx.stored(expected);
    }
  } finally {
    decay.zeroGrad();
    plain.zeroGrad();
    decay.dispose();
    plain.dispose();
    pg.dispose([w1, w2]);
  }
  return checks;
}

// ---------------------------------------------------------------- training loop

/**
 * 20 steps of Linear(4, 8) → ReLU → Linear(8, 3) with CrossEntropyLoss and SGD
 * (momentum) inside tidy: the live tensors and bytes after step 1 (momentum
 * buffers and gradients exist) equal those after step 20, the loss decreases,
 * and the first loss equals the float64 forward of the initial weights.
 */
async function trainingChecks(ctx: CaseContext): Promise<Check[]> {
  const dt = ctx.dtype;
  const x = uniform([16, 4], -1, 1, 401, dt);
  const labels = Array.from({ length: 16 }, (_, i) => i % 3);
  const l1 = new nn.Linear(4, 8, { seed: 11, dtype: dt, backend: ctx.backendName });
  const l2 = new nn.Linear(8, 3, { seed: 12, dtype: dt, backend: ctx.backendName });
  const net = new nn.Sequential(l1, new nn.ReLU(), l2);
  const opt = new optim.SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
  const lossFn = new nn.CrossEntropyLoss();
  const xt = up(ctx, x);
  const yt = ctx.tensor(labels, [16], 'int32');
  try {
    const read = async (t: Tensor | null, shape: number[]): Promise<NDArray> => ({
      shape,
      data: await readOrEmpty(ctx, t),
    });
    const [w1, b1, w2, b2] = await Promise.all([
      read(l1.weight, [8, 4]),
      read(l1.bias, [8]),
      read(l2.weight, [3, 8]),
      read(l2.bias, [3]),
    ]);
    const losses: number[] = [];
    let afterFirst = pg.memory();
    for (let step = 1; step <= 20; step++) {
      const loss = pg.tidy(() => {
        opt.zeroGrad();
        const l = lossFn.forward(net.forward(xt), yt);
        l.backward();
        opt.step();
        return l;
      });
      try {
        losses.push((await ctx.read(loss))[0]);
      } finally {
        loss.dispose();
      }
      if (step === 1) afterFirst = pg.memory();
    }
    const afterLast = pg.memory();
    const mine = (m: ReturnType<typeof pg.memory>) => m.backends[ctx.backendName] ?? { tensors: 0, bytes: 0 };
    const first = mine(afterFirst);
    const last = mine(afterLast);
    return [
      numeric(
        'loss of step 1 = float64 forward of the initial weights',
        [losses[0]],
        [ref.mlpLoss(x, labels, w1, b1, w2, b2)],
        dt,
        {
          k: 16,
          inputs: [x, w1, b1, w2, b2],
        },
      ),
      bool(
        'memory().tensors and bytes after step 1 equal those after step 20',
        afterFirst.tensors === afterLast.tensors &&
          afterFirst.bytes === afterLast.bytes &&
          first.tensors === last.tensors &&
          first.bytes === last.bytes,
        `tensors ${afterFirst.tensors} → ${afterLast.tensors}, bytes ${afterFirst.bytes} → ${afterLast.bytes} (backend '${ctx.backendName}': ${first.tensors} → ${last.tensors} tensors, ${first.bytes} → ${last.bytes} bytes)`,
      ),
      bool(
        'the loss decreases over 20 steps',
        losses.every(Number.isFinite) && losses[19] < losses[0],
        `losses ${losses.map((l) => l.toPrecision(4)).join(', ')}`,
      ),
    ];
  } finally {
    opt.zeroGrad();
    opt.dispose();
    net.dispose();
    pg.dispose([xt, yt]);
  }
}

// ---------------------------------------------------------------- data.Normalize

/**
 * Normalize.fit on [N, C, H] data whose channel 1 is constant: per-channel m,
 * σ and divisor max(σ, ε) vs the reference, so the constant channel divides by
 * ε; then apply to the training data and to test data off that constant. Also
 * a single (axis null) fit on constant data.
 */
async function normalizeChecks(ctx: CaseContext): Promise<Check[]> {
  const dt = ctx.dtype;
  const eps = 0.01;
  const epsStored = ctx.stored([eps])[0];
  const train = uniform([4, 3, 2], -3, 3, 501, dt);
  for (let i = 0; i < train.data.length; i++) if (Math.floor(i / 2) % 3 === 1) train.data[i] = 2.5;
  const test = uniform([2, 3, 2], -3, 3, 502, dt);
  for (let i = 0; i < test.data.length; i++) if (Math.floor(i / 2) % 3 === 1) test.data[i] = 2.75;
  const constant = arr([3, 2], [-1.5, -1.5, -1.5, -1.5, -1.5, -1.5], dt);
  const trainT = up(ctx, train);
  const testT = up(ctx, test);
  const constT = up(ctx, constant);
  const norm = data.Normalize.fit(trainT, { axis: 1, eps });
  const single = data.Normalize.fit(constT, { eps });
  try {
    const [mean, std, divisor] = await Promise.all(
      [norm.mean, norm.std, norm.divisor].map((t) => ctx.read(t)),
    );
    const [trainOut, testOut, constOut] = await readAll(ctx, [
      norm.apply(trainT),
      norm.apply(testT),
      single.apply(constT),
    ]);
    const [sMean, sDivisor] = await Promise.all([single.mean, single.divisor].map((t) => ctx.read(t)));
    const r = ref.normalizeStats(train, 1, epsStored);
    const rs = ref.normalizeStats(constant, null, epsStored);
    const inputs = [train];
    return [
      bool('the constant channel has σ = 0', r.std[1] === 0 && r.divisor[1] === epsStored, `σ ${r.std[1]}`),
      numeric('fitted per-channel mean', mean, r.mean, dt, { k: 8, inputs }),
      numeric('fitted per-channel σ (population)', std, r.std, dt, { k: 8, inputs }),
      numeric('divisor max(σ, ε) (ε for the constant channel)', divisor, r.divisor, dt, { k: 8, inputs }),
      numeric('apply to the training data', trainOut, ref.normalizeApply(train, r), dt, { k: 8, inputs }),
      numeric(
        'apply to test data (constant channel: (2.75 − 2.5) / ε)',
        testOut,
        ref.normalizeApply(test, r),
        dt,
        {
          k: 8,
          inputs: [train, test],
        },
      ),
      numeric('axis null on constant data: mean', sMean, rs.mean, dt, { k: 6, inputs: [constant] }),
      numeric('axis null on constant data: divisor ε', sDivisor, rs.divisor, dt, {
        k: 6,
        inputs: [constant],
      }),
      numeric(
        'axis null on constant data: apply gives zeros',
        constOut,
        ref.normalizeApply(constant, rs),
        dt,
        {
          k: 6,
          inputs: [constant],
        },
      ),
    ];
  } finally {
    norm.dispose();
    single.dispose();
    pg.dispose([trainT, testT, constT]);
  }
}

// ---------------------------------------------------------------- the list

export function moduleCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [
    moduleCase('linear/bias', 'linear', (ctx) => linearChecks(ctx, true)),
    moduleCase('linear/no-bias', 'linear', (ctx) => linearChecks(ctx, false)),
  ];
  for (const reduction of REDUCTIONS) {
    cases.push(
      moduleCase(`loss/cross-entropy-${reduction}`, 'crossEntropyBackward', (ctx) =>
        classificationLossChecks(ctx, reduction, false),
      ),
      moduleCase(`loss/nll-log-softmax-${reduction}`, 'softmaxBackward', (ctx) =>
        classificationLossChecks(ctx, reduction, true),
      ),
      moduleCase(`loss/mse-${reduction}`, 'binary', (ctx) => mseChecks(ctx, reduction)),
    );
  }
  cases.push(moduleCase('dropout/train-eval', 'dropout', dropoutChecks));
  for (const [op, make] of ACTIVATIONS) {
    cases.push(
      moduleCase(`activation/${op}`, 'activationBackward', (ctx) =>
        gradientChecks(ctx, {
          label: `nn.${make().constructor.name}`,
          inputs: [uniform([3, 4], -4, 4, 61, ctx.dtype, 0.05)],
          fn: ([x]) => make().forward(x) as Tensor,
          forward: ([x]) => ref.unary(op, x),
          vjp: (dy, [x]) => [ref.activationBackward(op, x, dy)],
        }),
      ),
    );
  }
  for (const dim of [-1, 0]) {
    const axis = dim === -1 ? 1 : 0;
    const k = dim === -1 ? 5 : 3;
    cases.push(
      moduleCase(`activation/softmax-dim${dim}`, 'softmaxBackward', (ctx) =>
        gradientChecks(ctx, {
          label: `nn.Softmax(${dim})`,
          inputs: [uniform([3, 5], -4, 4, 62, ctx.dtype)],
          fn: ([x]) => new nn.Softmax(dim).forward(x),
          forward: ([x]) => ref.softmax(x, axis),
          vjp: (dy, [x]) => [ref.softmaxBackward(ref.softmax(x, axis), dy, axis)],
          k,
        }),
      ),
      moduleCase(`activation/log-softmax-dim${dim}`, 'softmaxBackward', (ctx) =>
        gradientChecks(ctx, {
          label: `nn.LogSoftmax(${dim})`,
          inputs: [uniform([3, 5], -4, 4, 63, ctx.dtype)],
          fn: ([x]) => new nn.LogSoftmax(dim).forward(x),
          forward: ([x]) => ref.logSoftmax(x, axis),
          vjp: (dy, [x]) => [ref.logSoftmaxBackward(ref.logSoftmax(x, axis), dy, axis)],
          k,
        }),
      ),
    );
  }
  cases.push(moduleCase('graph/residual-max-tie', 'binary', residualChecks));
  for (const spec of OPTIM_SPECS) {
    cases.push(
      moduleCase(`optim/${spec.name}`, spec.adam ? 'adamUpdate' : 'sgdUpdate', (ctx) =>
        optimizerChecks(ctx, spec),
      ),
    );
  }
  cases.push(
    moduleCase('optim/sgd-l2-identity', 'sgdUpdate', l2IdentityChecks),
    moduleCase('training/mlp-20-steps-flat-memory', 'linear', trainingChecks),
    moduleCase('data/normalize-constant-channel', 'reduce', normalizeChecks),
  );
  return cases;
}
