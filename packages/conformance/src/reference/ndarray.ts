/** The reference's only data structure: a dense row-major float64 array with a shape. */
export interface NDArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** Number of elements of `shape` (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A new NDArray of `shape`: zeros, or a copy of `data` (which must have exactly that many values). */
export function nd(shape: readonly number[], data?: ArrayLike<number>): NDArray {
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  if (data) {
    if (data.length !== n)
      throw new Error(`reference: ${data.length} values for shape [${shape.join(', ')}]`);
    for (let i = 0; i < n; i++) out[i] = data[i];
  }
  return { shape: [...shape], data: out };
}

/** Row-major strides of `shape`, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Multi-index of flat index `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d];
    idx[d] = n === 0 ? 0 : i % n;
    i = n === 0 ? 0 : Math.floor(i / n);
  }
  return idx;
}

/** Flat row-major index of multi-index `idx` in `shape` (the inverse of `unravel`). */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
  return flat;
}

/** NumPy broadcast of shapes, or null when they are incompatible. */
export function broadcastShape(...shapes: (readonly number[])[]): number[] | null {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const d = rank - s.length + i;
      if (s[i] === 1) continue;
      if (out[d] === 1) out[d] = s[i];
      else if (out[d] !== s[i]) return null;
    }
  }
  return out;
}

/** Flat index into `shape` for the multi-index `idx` of a right-aligned broadcast result. */
export function broadcastIndex(idx: readonly number[], shape: readonly number[]): number {
  const off = idx.length - shape.length;
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] === 1 ? 0 : idx[d + off]);
  return flat;
}

/** Apply `fn` elementwise over broadcast inputs. */
export function broadcastMap(inputs: readonly NDArray[], fn: (...v: number[]) => number): NDArray {
  const shape = broadcastShape(...inputs.map((x) => x.shape));
  if (!shape) throw new Error('reference: shapes do not broadcast');
  const out = nd(shape);
  const args = new Array<number>(inputs.length);
  for (let i = 0; i < out.data.length; i++) {
    const idx = unravel(i, shape);
    for (let j = 0; j < inputs.length; j++) args[j] = inputs[j].data[broadcastIndex(idx, inputs[j].shape)];
    out.data[i] = fn(...args);
  }
  return out;
}

/** The adjoint of broadcasting: sum `g` down to `shape`. */
export function sumTo(g: NDArray, shape: readonly number[]): NDArray {
  const out = nd(shape);
  for (let i = 0; i < g.data.length; i++) {
    out.data[broadcastIndex(unravel(i, g.shape), shape)] += g.data[i];
  }
  return out;
}
