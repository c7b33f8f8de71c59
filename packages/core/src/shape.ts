import { AxisError, fmtShape, ShapeError } from './errors.js';

/** Number of elements of `shape` (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** True when two shapes have the same dimensions. */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of any number of shapes; throws ShapeError naming `op`. */
export function broadcastShapes(op: string, ...shapes: (readonly number[])[]): number[] {
  if (shapes.length === 2 && shapesEqual(shapes[0], shapes[1])) return shapes[0].slice();
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (let i = 0; i < rank; i++) {
    let dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1) continue;
      if (dim === 1) dim = d;
      else if (d !== dim) {
        throw new ShapeError(
          op,
          `shapes ${shapes.map(fmtShape).join(' and ')} cannot be broadcast together (dimension ${i} of the result: ${dim} vs ${d}); expected equal sizes or 1`,
        );
      }
    }
    out[i] = dim;
  }
  return out;
}

/** Normalise a possibly negative axis; throws AxisError naming `op`. */
export function normAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new AxisError(
      op,
      `axis ${axis} is out of range for a tensor of rank ${rank}; expected an integer in [${-rank}, ${rank - 1}]`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalise an axis list (undefined = all axes), sorted and unique. */
export function normAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  if (typeof axes !== 'number' && !Array.isArray(axes)) {
    throw new AxisError(
      op,
      `axes ${typeof axes === 'string' ? `'${axes}'` : String(axes)} (a ${axes === null ? 'null' : typeof axes}); expected an integer or an array of integers`,
    );
  }
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = list.map((a) => normAxis(op, a, rank));
  const unique = [...new Set(out)].sort((a, b) => a - b);
  if (unique.length !== out.length) {
    throw new AxisError(op, `axes [${list.join(', ')}] name the same axis twice; expected distinct axes`);
  }
  return unique;
}

/** Throws a ShapeError naming `op` unless every dimension is a non-negative integer. */
export function checkShape(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape)) {
    const hint = typeof shape === 'number' ? ` such as [${shape}]` : '';
    throw new ShapeError(
      op,
      `shape is ${shape === null ? 'null' : typeof shape}${typeof shape === 'number' ? ` (${shape})` : ''}; expected an array of non-negative integers${hint}`,
    );
  }
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(op, `invalid shape ${fmtShape(shape)}; expected non-negative integer dimensions`);
    }
  }
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

/** Sizes of [before axis, axis, after axis]: a tensor read as [outer, n, inner] around one axis. */
export function splitAxis(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}
