import { AxisError } from '../errors.js';

/** Throw unless `index` is an integer in [0, length). */
export function checkIndex(op: string, index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new AxisError(
      op,
      `index ${index} is out of range for ${length} samples; expected an integer in [0, ${length})`,
    );
  }
}
