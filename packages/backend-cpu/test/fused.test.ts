import { describe, expect, it } from 'vitest';
import { be, expectClose, free, randInt, randn, read, store, t, take } from './helpers.js';

const k = be.kernels;
const F32 = { rtol: 2e-6, atol: 1e-6 };
const F64 = { rtol: 1e-12, atol: 1e-14 };

/** Naive float64 softmax over a strided line, via the definition exp(x)/Σexp(x) in BigFloat-free but shifted form. */
function refSoftmaxAxis(xs: number[], shape: number[], axis: number, log: boolean): number[] {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const len = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Array<number>(xs.length);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      const idx = Array.from({ length: len }, (_, a) => o * len * inner + a * inner + j);
      const m = Math.max(...idx.map((i) => xs[i]));
      const lse = m + Math.log(idx.reduce((s, i) => s + Math.exp(xs[i] - m), 0));
      for (const i of idx) out[i] = log ? xs[i] - lse : Math.exp(xs[i] - lse);
    }
  return out;
}

describe('softmax / logSoftmax (fused)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const log of [false, true]) {
      it(`${log ? 'log' : ''}softmax ${dtype} along every axis`, () => {
        const shape = [3, 4, 5];
        const xs = randn(60, 3, 4).map((v) => store(dtype, v));
        const x = t(xs, shape, dtype);
        for (const axis of [0, 1, 2]) {
          const got = take(k.softmax!({ x, axis, log, out: { shape, dtype } }));
          expectClose(
            got,
            refSoftmaxAxis(xs, shape, axis, log).map((v) => store(dtype, v)),
            dtype === 'float32' ? F32 : F64,
            `axis ${axis}`,
          );
        }
        free(x);
      });
    }
  }

  it('is stable at ±1000 and propagates NaN', () => {
    const x = t([1000, 999, 998, -1000, -1001, -1002, 1, NaN, 2], [3, 3]);
    const sm = take(k.softmax!({ x, axis: 1, log: false, out: { shape: [3, 3], dtype: 'float64' } }));
    const row = [1, Math.exp(-1), Math.exp(-2)];
    const z = row[0] + row[1] + row[2];
    expectClose(
      sm.slice(0, 6),
      [...row, ...row].map((v) => v / z),
      F64,
    );
    expect(sm.slice(6).every(Number.isNaN)).toBe(true);
    const ls = take(k.softmax!({ x, axis: 1, log: true, out: { shape: [3, 3], dtype: 'float64' } }));
    expectClose(
      ls.slice(0, 3),
      [0, -1, -2].map((v) => v - Math.log(z)),
      F64,
    );
    expect(ls.every((v, i) => (i >= 6 ? Number.isNaN(v) : Number.isFinite(v)))).toBe(true);
    free(x);
  });
});

describe('softmaxBackward (fused)', () => {
  for (const log of [false, true]) {
    it(`${log ? 'log-' : ''}softmax VJP matches the formula, axis 0 and 1`, () => {
      const shape = [4, 6];
      const xs = randn(24, 5, 3);
      const dys = randn(24, 6);
      for (const axis of [0, 1]) {
        const ys = refSoftmaxAxis(xs, shape, axis, log);
        const y = t(ys, shape);
        const dy = t(dys, shape);
        const got = take(k.softmaxBackward!({ y, dy, axis, log, out: { shape, dtype: 'float64' } }));
        // Full Jacobian reference: J[i][j] = s_i (δij - s_j) for softmax; δij - s_j... for log-softmax (dx_j = Σ_i dy_i ∂y_i/∂x_j)
        const want = new Array<number>(24).fill(0);
        const outer = axis === 0 ? 1 : 4;
        const len = shape[axis];
        const inner = axis === 0 ? 6 : 1;
        for (let o = 0; o < outer; o++)
          for (let q = 0; q < inner; q++) {
            const idx = Array.from({ length: len }, (_, a) => o * len * inner + a * inner + q);
            const s = idx.map((i) => (log ? Math.exp(ys[i]) : ys[i]));
            idx.forEach((j, jj) => {
              let acc = 0;
              idx.forEach((i, ii) => {
                const d = ii === jj ? 1 : 0;
                acc += dys[i] * (log ? d - s[jj] : s[ii] * (d - s[jj]));
              });
              want[j] = acc;
            });
          }
        expectClose(got, want, { rtol: 1e-10, atol: 1e-12 }, `axis ${axis}`);
        free(y, dy);
      }
    });
  }
});

describe('crossEntropy (fused)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`forward and backward ${dtype}`, () => {
      const N = 7;
      const C = 5;
      const xs = randn(N * C, 8, 3).map((v) => store(dtype, v));
      xs[0] = store(dtype, 1000);
      xs[C] = store(dtype, -1000);
      const ls = randInt(N, 0, C, 9);
      const ds = randn(N, 10).map((v) => store(dtype, v));
      const logits = t(xs, [N, C], dtype);
      const labels = t(ls, [N], 'int32');
      const dloss = t(ds, [N], dtype);
      const loss = take(k.crossEntropy!({ logits, labels, out: { shape: [N], dtype } }));
      const grad = take(k.crossEntropyBackward!({ logits, labels, dloss, out: { shape: [N, C], dtype } }));
      const lsm = refSoftmaxAxis(xs, [N, C], 1, true);
      expectClose(
        loss,
        ls.map((l, r) => store(dtype, -lsm[r * C + l])),
        dtype === 'float32' ? F32 : F64,
        'loss',
      );
      expectClose(
        grad,
        lsm.map((v, i) =>
          store(dtype, (Math.exp(v) - (ls[Math.floor(i / C)] === i % C ? 1 : 0)) * ds[Math.floor(i / C)]),
        ),
        dtype === 'float32' ? F32 : F64,
        'grad',
      );
      expect(loss.every(Number.isFinite)).toBe(true);
      free(logits, labels, dloss);
    });
  }
});

describe('activationBackward (fused)', () => {
  it('relu / sigmoid / tanh / softplus', () => {
    const xs = [-3, -1, -0.5, 0, 0.5, 1, 3, 40, -40, 1000, -1000];
    const n = xs.length;
    const dys = randn(n, 12);
    const x = t(xs, [n]);
    const dy = t(dys, [n]);
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const cases = {
      relu: { y: xs.map((v) => Math.max(v, 0)), d: (v: number) => (v > 0 ? 1 : 0) },
      sigmoid: { y: xs.map(sig), d: (v: number) => sig(v) * (1 - sig(v)) },
      tanh: { y: xs.map(Math.tanh), d: (v: number) => 1 - Math.tanh(v) ** 2 },
      softplus: { y: xs.map((v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))), d: sig },
    } as const;
    for (const op of ['relu', 'sigmoid', 'tanh', 'softplus'] as const) {
      const y = t(cases[op].y, [n]);
      const got = take(k.activationBackward!({ op, x, y, dy, out: { shape: [n], dtype: 'float64' } }));
      expectClose(
        got,
        xs.map((v, i) => dys[i] * cases[op].d(v)),
        { rtol: 1e-12, atol: 1e-15 },
        op,
      );
      free(y);
    }
    free(x, dy);
  });
});

describe('optimizer updates (fused, new handles, inputs untouched)', () => {
  const P0 = [0.5, -1.25, 0, 2];
  const G = [0.1, -0.2, 0.3, -0.4];

  it('plain SGD with weight decay and L1', () => {
    const p = t(P0, [4]);
    const g = t(G, [4]);
    const r = k.sgdUpdate!({
      param: p,
      grad: g,
      velocity: null,
      lr: 0.1,
      momentum: 0,
      dampening: 0,
      nesterov: false,
      weightDecay: 0.01,
      l1: 0.001,
      firstStep: false,
    });
    const sign = [1, -1, 0, 1];
    expect(r.velocity).toBeNull();
    expect(r.param).not.toBe(p.handle);
    expectClose(
      Array.from(read(r.param)),
      P0.map((w, i) => w - 0.1 * (G[i] + 0.01 * w + 0.001 * sign[i])),
      F64,
    );
    expectClose(Array.from(read(p.handle)), P0, F64, 'input param unchanged');
    free(p, g, { ...p, handle: r.param });
  });

  for (const nesterov of [false, true]) {
    it(`SGD momentum, dampening, nesterov=${nesterov}: two steps by hand, the first as PyTorch (v = g')`, () => {
      let p = t(P0, [4]);
      const g = t(G, [4]);
      let v = t([0, 0, 0, 0], [4]);
      const lr = 0.05;
      const mom = 0.9;
      const damp = 0.1;
      const wd = 0.02;
      let pw = [...P0];
      let vel = [0, 0, 0, 0];
      for (let step = 0; step < 2; step++) {
        const r = k.sgdUpdate!({
          param: p,
          grad: g,
          velocity: v,
          lr,
          momentum: mom,
          dampening: damp,
          nesterov,
          weightDecay: wd,
          l1: 0,
          firstStep: step === 0,
        });
        free(p, v);
        p = { ...p, handle: r.param };
        v = { ...v, handle: r.velocity! };
        const gp = pw.map((w, i) => G[i] + wd * w);
        vel = step === 0 ? gp : vel.map((vi, i) => mom * vi + (1 - damp) * gp[i]);
        pw = pw.map((w, i) => w - lr * (nesterov ? gp[i] + mom * vel[i] : vel[i]));
      }
      expectClose(Array.from(read(v.handle)), vel, F64, 'velocity');
      expectClose(Array.from(read(p.handle)), pw, F64, 'param');
      free(p, g, v);
    });
  }

  for (const decoupled of [false, true]) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`Adam${decoupled ? 'W' : ''} ${dtype}: three steps by hand`, () => {
        let p = t(P0, [4], dtype);
        const g = t(G, [4], dtype);
        let m = t([0, 0, 0, 0], [4], dtype);
        let v = t([0, 0, 0, 0], [4], dtype);
        const lr = 0.01,
          b1 = 0.9,
          b2 = 0.999,
          eps = 1e-8,
          wd = 0.1;
        let pw = [...P0];
        let mm = [0, 0, 0, 0];
        let vv = [0, 0, 0, 0];
        for (let step = 1; step <= 3; step++) {
          const r = k.adamUpdate!({
            param: p,
            grad: g,
            m,
            v,
            lr,
            beta1: b1,
            beta2: b2,
            eps,
            weightDecay: wd,
            decoupled,
            step,
          });
          free(p, m, v);
          p = { ...p, handle: r.param };
          m = { ...m, handle: r.m };
          v = { ...v, handle: r.v };
          const gp = pw.map((w, i) => (decoupled ? G[i] : G[i] + wd * w));
          if (decoupled) pw = pw.map((w) => w * (1 - lr * wd));
          mm = mm.map((x, i) => b1 * x + (1 - b1) * gp[i]);
          vv = vv.map((x, i) => b2 * x + (1 - b2) * gp[i] ** 2);
          pw = pw.map(
            (w, i) => w - (lr * (mm[i] / (1 - b1 ** step))) / (Math.sqrt(vv[i] / (1 - b2 ** step)) + eps),
          );
        }
        const tolr = dtype === 'float32' ? { rtol: 1e-5, atol: 1e-6 } : { rtol: 1e-12, atol: 1e-15 };
        expectClose(Array.from(read(m.handle)), mm, tolr, 'm');
        expectClose(Array.from(read(v.handle)), vv, tolr, 'v');
        expectClose(Array.from(read(p.handle)), pw, tolr, 'param');
        free(p, g, m, v);
      });
    }
  }
});
