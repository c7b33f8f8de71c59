import { ArgumentError, DTypeError } from '../errors.js';
import { tidy } from '../memory.js';
import { tensor } from '../ops/creation.js';
import { detach } from '../ops/reshape.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor.js';
import { noGrad } from './grad-mode.js';

/**
 * Central differences in float64 err by ~h²·|f'''| (truncation) plus
 * ~ε·|f|/h (cancellation); h = ε^(1/3) ≈ 6e-6 balances them at ~ε^(2/3) ≈ 4e-11
 * for values and derivatives of order 1. The default tolerance (atol 1e-7,
 * rtol 1e-6) keeps a wide margin over that and still reports a VJP that is
 * wrong by a relative 1e-4 (the former 1e-5 / 1e-3 let that pass).
 */
const DEFAULT_STEP = Math.cbrt(2 ** -52);

/**
 * Options of `gradcheck`: the central-difference step, the tolerances and the seed of the output projection.
 */
export interface GradcheckOptions {
  /** Central-difference step (default ε^(1/3) ≈ 6.06e-6). */
  eps?: number;
  /** Default 1e-7. */
  atol?: number;
  /** Default 1e-6: pass iff |analytic − numeric| <= atol + rtol·|numeric| for every element. */
  rtol?: number;
  /** Seed of the random projection used to reduce a non-scalar output to a scalar. */
  seed?: number;
}

/** What `gradcheck` found: whether autograd matched central differences, the largest errors and where. */
export interface GradcheckReport {
  readonly ok: boolean;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  /** Input index and flat element of the worst mismatch. */
  readonly worst: { input: number; index: number; analytic: number; numeric: number } | null;
}

/** Deterministic weights in [0.5, 1.5) so every output element matters. */
function projection(n: number, seed: number): Float64Array {
  const w = new Float64Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    w[i] = 0.5 + (s >>> 0) / 4294967296;
  }
  return w;
}

/**
 * Compare autograd against float64 central differences for f(inputs) projected
 * to a scalar. Inputs must be float64 tensors (checked), on a backend that
 * reads synchronously.
 */
export function gradcheck(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  opts: GradcheckOptions = {},
): GradcheckReport {
  checkOptions('gradcheck', opts, ['eps', 'atol', 'rtol', 'seed']);
  const eps = opts.eps ?? DEFAULT_STEP;
  const atol = opts.atol ?? 1e-7;
  const rtol = opts.rtol ?? 1e-6;
  for (const x of inputs) {
    if (x.dtype !== 'float64')
      throw new DTypeError(
        'gradcheck',
        `input has dtype ${x.dtype}; expected float64 (finite differences need double precision)`,
      );
  }
  if (typeof fn !== 'function') throw new ArgumentError('gradcheck', 'expected a function');
  const leaves = inputs.map((x) => {
    const l = detach(x);
    l.requiresGrad = true;
    return l;
  });
  const probe = noGrad(() => tidy(() => fn(...leaves)));
  const w = projection(probe.size, opts.seed ?? 12345);
  const wT = tensor(w, { dtype: probe.dtype, shape: probe.shape, backend: probe.backendName });
  probe.dispose();
  const scalarOf = (xs: Tensor[]): number =>
    noGrad(() =>
      tidy(() =>
        fn(...xs)
          .mul(wT)
          .sum()
          .itemSync(),
      ),
    );
  tidy(() =>
    fn(...leaves)
      .mul(wT)
      .sum()
      .backward(),
  );
  let maxAbs = 0;
  let maxRel = 0;
  let ok = true;
  let worst: GradcheckReport['worst'] = null;
  for (let k = 0; k < leaves.length; k++) {
    const base = leaves[k].dataSync() as Float64Array;
    const analytic = leaves[k].grad
      ? (leaves[k].grad!.dataSync() as Float64Array)
      : new Float64Array(base.length);
    for (let i = 0; i < base.length; i++) {
      const perturbed = (delta: number): number => {
        const v = Float64Array.from(base);
        v[i] += delta;
        const xi = tensor(v, { dtype: 'float64', shape: leaves[k].shape, backend: leaves[k].backendName });
        const xs = leaves.map((l, j) => (j === k ? xi : l));
        const r = scalarOf(xs);
        xi.dispose();
        return r;
      };
      const numeric = (perturbed(eps) - perturbed(-eps)) / (2 * eps);
      const a = analytic[i];
      const absErr = Math.abs(a - numeric);
      const relErr = absErr / Math.max(Math.abs(numeric), 1e-12);
      if (absErr > maxAbs) {
        maxAbs = absErr;
        worst = { input: k, index: i, analytic: a, numeric };
      }
      if (absErr > atol) maxRel = Math.max(maxRel, relErr);
      if (!(absErr <= atol + rtol * Math.abs(numeric))) ok = false;
    }
  }
  for (const l of leaves) l.dispose();
  wT.dispose();
  return { ok, maxAbsError: maxAbs, maxRelError: maxRel, worst };
}
