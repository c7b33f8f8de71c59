import { ArgumentError, fmtShape, ShapeError } from '../errors.js';
import { shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { Module } from './module.js';

/**
 * Run `module.forward(...inputs)` with some parameters replaced by the given
 * tensors (by dotted name, as in `namedParameters()`), then restore them —
 * PyTorch's `torch.func.functional_call`. Gradients flow to the replacements,
 * which makes per-parameter gradient checks and meta-learning possible.
 */
export function functionalCall<M extends Module>(
  module: M,
  params: Readonly<Record<string, Tensor>>,
  ...inputs: Parameters<M['forward']>
): ReturnType<M['forward']> {
  const owners = new Map<string, [Module, string]>();
  for (const [path, m] of module.namedModules()) {
    for (const name of m._parameters.keys()) owners.set(path === '' ? name : `${path}.${name}`, [m, name]);
  }
  const swaps: [Module, string, Tensor, Tensor][] = [];
  for (const [key, replacement] of Object.entries(params)) {
    const owner = owners.get(key);
    if (!owner) {
      throw new ArgumentError(
        'functionalCall',
        `no parameter '${key}'; the module has [${[...owners.keys()].join(', ')}]`,
      );
    }
    if (!(replacement instanceof Tensor))
      throw new ArgumentError('functionalCall', `'${key}' is not a Tensor`);
    const [m, name] = owner;
    const original = m.getParameter(name);
    if (!shapesEqual(original.shape, replacement.shape)) {
      throw new ShapeError(
        'functionalCall',
        `'${key}' has shape ${fmtShape(replacement.shape)}; expected ${fmtShape(original.shape)}`,
      );
    }
    swaps.push([m, name, original, replacement]);
  }
  for (const [m, name, , replacement] of swaps) m._parameters.set(name, replacement);
  try {
    return module.forward(...inputs) as ReturnType<M['forward']>;
  } finally {
    for (const [m, name, original] of swaps) m._parameters.set(name, original);
  }
}
