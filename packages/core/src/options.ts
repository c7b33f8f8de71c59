import { ArgumentError } from './errors.js';

/**
 * Options objects are checked, never silently ignored: `opts` must be a plain
 * object (or undefined) whose keys are all in `valid`; otherwise an
 * ArgumentError names the unknown key and lists the valid ones
 * (`new Adam(p, { weight_decay: 0.1 })` says to use `weightDecay`).
 */
export function checkOptions(
  op: string,
  opts: unknown,
  valid: readonly string[],
  required: readonly string[] = [],
): void {
  if (opts === undefined && required.length === 0) return;
  if (opts === undefined) {
    throw new ArgumentError(
      op,
      `got no options; expected an object with ${list(required)} (valid options are ${list(valid)})`,
    );
  }
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ArgumentError(
      op,
      `options are ${opts === null ? 'null' : Array.isArray(opts) ? 'an array' : typeof opts}; expected an object with keys ${list(valid)}`,
    );
  }
  for (const key of Object.keys(opts)) {
    if (!valid.includes(key)) {
      const near = suggestion(key, valid);
      throw new ArgumentError(
        op,
        `unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}; valid options are ${list(valid)}`,
      );
    }
  }
  const missing = required.filter((k) => (opts as Record<string, unknown>)[k] === undefined);
  if (missing.length > 0) {
    throw new ArgumentError(op, `missing option ${list(missing)}; valid options are ${list(valid)}`);
  }
}

function list(valid: readonly string[]): string {
  return valid.length === 0 ? 'none' : valid.map((k) => `'${k}'`).join(', ');
}

/** The valid key that differs from `key` only in case and separators (weight_decay -> weightDecay). */
function suggestion(key: string, valid: readonly string[]): string | null {
  const norm = (s: string): string => s.replace(/[_-]/g, '').toLowerCase();
  return valid.find((v) => norm(v) === norm(key)) ?? null;
}
