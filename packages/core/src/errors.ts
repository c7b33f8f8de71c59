/** Base class of every error Polygrad throws on bad input. `op` names the operation. */
export class PolygradError extends Error {
  readonly op: string;
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.op = op;
    this.name = new.target.name;
  }
}

/** Shapes that do not fit: broadcast mismatch, matmul inner dims, reshape sizes. */
export class ShapeError extends PolygradError {}
/** A dtype the op does not accept, or two that do not combine. */
export class DTypeError extends PolygradError {}
/** An axis or index outside its range. */
export class AxisError extends PolygradError {}
/** An argument of the wrong kind or value. */
export class ArgumentError extends PolygradError {}
/** Backends: unknown name, failed initialisation, or tensors from two backends mixed. */
export class BackendError extends PolygradError {}
/** A tensor used after `dispose()`. */
export class DisposedError extends PolygradError {}
/** backward() misuse: non-scalar without a gradient, or no graph to walk. */
export class GradError extends PolygradError {}
/** A kernel produced NaN/Inf while debug numerics checking was on. */
export class NumericsError extends PolygradError {}

/** A shape as error messages write it: `[2, 3]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
