/** State dicts: parameters by dotted name, and their all-or-nothing validation. */
import { ArgumentError, fmtShape, ShapeError } from '../errors.js';
import { shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';

/** Parameter values by dotted name (`layers.0.weight`). */
export type StateDict = Readonly<Record<string, Tensor>>;

/**
 * Check `dict` against the module's parameters and pair each parameter with
 * its new value. Throws before returning if any key is missing or unexpected
 * (strict only), any value is not a live tensor, or any shape differs, so a
 * caller that assigns afterwards changes either everything or nothing.
 */
export function checkStateDict(
  op: string,
  params: ReadonlyMap<string, Tensor>,
  dict: StateDict,
  strict: boolean,
): [Tensor, Tensor][] {
  if (dict === null || typeof dict !== 'object') {
    throw new ArgumentError(
      op,
      `state dict is ${dict === null ? 'null' : typeof dict}; expected an object of tensors by parameter name`,
    );
  }
  const keys = Object.keys(dict);
  if (strict) {
    const missing = [...params.keys()].filter((k) => !Object.hasOwn(dict, k));
    if (missing.length > 0) {
      throw new ArgumentError(
        op,
        `state dict is missing ${plural(missing.length, 'key')} ${quoteList(missing)}; expected every parameter (or pass { strict: false })`,
      );
    }
    const unexpected = keys.filter((k) => !params.has(k));
    if (unexpected.length > 0) {
      throw new ArgumentError(
        op,
        `state dict has unexpected ${plural(unexpected.length, 'key')} ${quoteList(unexpected)}; the module's parameters are ${quoteList([...params.keys()])} (or pass { strict: false })`,
      );
    }
  }
  const pairs: [Tensor, Tensor][] = [];
  for (const key of keys) {
    const param = params.get(key);
    if (!param) continue;
    const value = dict[key];
    if (!(value instanceof Tensor)) {
      throw new ArgumentError(
        op,
        `state dict entry '${key}' is ${value === null ? 'null' : typeof value}; expected a Tensor`,
      );
    }
    if (value.isDisposed) {
      throw new ArgumentError(op, `state dict entry '${key}' was disposed; expected a live tensor`);
    }
    if (!shapesEqual(value.shape, param.shape)) {
      throw new ShapeError(
        op,
        `state dict entry '${key}' has shape ${fmtShape(value.shape)}; expected ${fmtShape(param.shape)} like the parameter`,
      );
    }
    pairs.push([param, value]);
  }
  return pairs;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function quoteList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`;
}
