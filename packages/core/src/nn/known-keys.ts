import { ArgumentError } from '../errors.js';

/**
 * Throw unless `options` is undefined or a plain object whose keys are all in `valid`, so a
 * misspelt option (`label_smoothing`, `labelSmothing`) fails instead of being silently ignored.
 */
export function checkKnownKeys(op: string, options: unknown, valid: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(
      op,
      `options is ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}; expected an object with keys ${valid.join(', ')}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) {
      throw new ArgumentError(op, `unknown option '${key}'; expected one of ${valid.join(', ')}`);
    }
  }
}
