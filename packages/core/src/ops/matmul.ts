import { isFloat, promoteTypes } from '../dtype.js';
import { fmtShape, ShapeError } from '../errors.js';
import { checkOptions } from '../options.js';
import { broadcastShapes, shapesEqual, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { asTensor, backendOf, exec, needsGrad, record } from './dispatch.js';
import { expand } from './layout.js';
import { reshape } from './reshape.js';
import { sumTo } from './sum-to.js';

/** Multiply by the transpose of an operand (its last two axes swapped) without materialising it. */
export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

/** Reshape a [...batch, r, c] operand to 3-D with batch 1 or B, expanding only when batch dims broadcast partially. */
function to3d(t: Tensor, batch: readonly number[]): Tensor {
  const tb = t.shape.slice(0, -2);
  const r = t.shape[t.rank - 2];
  const c = t.shape[t.rank - 1];
  if (sizeOf(tb) === 1) return reshape(t, [1, r, c]);
  const lead = batch.length - tb.length;
  if (lead === 0 && shapesEqual(tb, batch)) return reshape(t, [sizeOf(batch), r, c]);
  const e = expand(t, [...batch, r, c]);
  return reshape(e, [sizeOf(batch), r, c]);
}

/**
 * Matrix product with NumPy semantics: 1-D operands are promoted and the added
 * axis removed; batch dimensions broadcast. `transposeA`/`transposeB` read an
 * operand transposed without materialising it.
 */
export function matmul(a0: Tensor, b0: Tensor, opts: MatmulOptions = {}): Tensor {
  const op = 'matmul';
  checkOptions(op, opts, ['transposeA', 'transposeB']);
  let a = asTensor(op, a0);
  let b = asTensor(op, b0);
  backendOf(op, [a, b]);
  const tA = opts.transposeA ?? false;
  const tB = opts.transposeB ?? false;
  if (a.rank === 0 || b.rank === 0) {
    throw new ShapeError(
      op,
      `got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}; expected operands of rank >= 1`,
    );
  }
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (!isFloat(dtype))
    throw new ShapeError(op, `got dtypes ${a.dtype} and ${b.dtype}; expected float tensors`);
  if (a.dtype !== dtype) a = cast(a, dtype);
  if (b.dtype !== dtype) b = cast(b, dtype);
  const aVec = a.rank === 1;
  const bVec = b.rank === 1;
  const a2 = aVec ? reshape(a, tA ? [a.size, 1] : [1, a.size]) : a;
  const b2 = bVec ? reshape(b, tB ? [1, b.size] : [b.size, 1]) : b;
  const m = tA ? a2.shape[a2.rank - 1] : a2.shape[a2.rank - 2];
  const ka = tA ? a2.shape[a2.rank - 2] : a2.shape[a2.rank - 1];
  const kb = tB ? b2.shape[b2.rank - 1] : b2.shape[b2.rank - 2];
  const n = tB ? b2.shape[b2.rank - 2] : b2.shape[b2.rank - 1];
  if (ka !== kb) {
    throw new ShapeError(
      op,
      `inner dimensions differ: ${fmtShape(a.shape)}${tA ? 'ᵀ' : ''} · ${fmtShape(b.shape)}${tB ? 'ᵀ' : ''} has K = ${ka} vs ${kb}; expected equal`,
    );
  }
  const batch = broadcastShapes(op, a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const a3 = to3d(a2, batch);
  const b3 = to3d(b2, batch);
  const B = sizeOf(batch);
  const out3 = exec(backendOf(op, [a3, b3]), 'matmul', {
    a: a3._info(op),
    b: b3._info(op),
    transposeA: tA,
    transposeB: tB,
    out: { shape: [B, m, n], dtype },
  });
  let shape = [...batch, m, n];
  if (aVec) shape = [...batch, n];
  if (bVec) shape = aVec ? [...batch] : [...batch, m];
  const out = reshape(out3, shape);
  out3.dispose();
  // The 3-D views were only for the kernel call; the graph refers to a, b (and a2, b2 below).
  if (a3 !== a2) a3.dispose();
  if (b3 !== b2) b3.dispose();
  if (!needsGrad([a, b])) {
    if (a2 !== a) a2.dispose();
    if (b2 !== b) b2.dispose();
    return out;
  }
  // 2-D gradient formulas with the transpose flags (the seed's Linear: dX = dY·W, dW = dYᵀ·X):
  const views = [...(a2 !== a ? [a2] : []), ...(b2 !== b ? [b2] : [])];
  return record(
    out,
    op,
    [a, b],
    (dy0) => {
      const dy = reshape(dy0, [...batch, m, n]);
      let da: Tensor | null = null;
      let db: Tensor | null = null;
      if (a.requiresGrad) {
        const g = !tA
          ? matmul(dy, b2, { transposeB: !tB })
          : matmul(b2, dy, { transposeA: tB, transposeB: true });
        da = reshape(sumTo(g, a2.shape), a.shape);
      }
      if (b.requiresGrad) {
        const g = !tB
          ? matmul(a2, dy, { transposeA: !tA })
          : matmul(dy, a2, { transposeA: true, transposeB: tA });
        db = reshape(sumTo(g, b2.shape), b.shape);
      }
      return [da, db];
    },
    { saved: views, owned: views },
  );
}
