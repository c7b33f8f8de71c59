/**
 * How long a recorded graph lives.
 *
 * - A result that leaves `tidy()` keeps alive the graph its backward needs
 *   (`const loss = tidy(() => model.forward(x).sum()); loss.backward()` works,
 *   as in PyTorch): the tensors tidy would have freed are handed to a keeper
 *   owned by the result, freed when its backward has run or when it is disposed.
 * - A finished backward frees the graph it walked (unless `retainGraph`): each
 *   node drops its inputs and closures, the temporaries the op made for itself
 *   (scalars, casts, views) are disposed, and the keepers are released. A second
 *   backward through it is a GradError saying so.
 */
import { DisposedError, fmtShape, GradError } from '../errors.js';
import type { GradNode, Tensor } from '../tensor.js';

/** Tensors a surviving result's graph needs, freed with it. */
export class GraphKeeper {
  private roots = 0;
  constructor(private readonly tensors: Set<Tensor>) {}

  /** One more result depends on these tensors. */
  attach(root: Tensor): void {
    this.roots++;
    root._keepers ??= [];
    root._keepers.push(this);
  }

  /** A result ran its backward or was disposed; the last one frees the tensors. */
  detach(): void {
    if (--this.roots > 0) return;
    const tensors = [...this.tensors];
    this.tensors.clear();
    for (const t of tensors) t.dispose();
  }
}

function describeTensor(t: Tensor): string {
  return `tensor #${t.id} ${fmtShape(t.shape)} ${t.dtype}`;
}

/** Everything the graphs of `roots` refer to: inputs and saved tensors, recursively. */
export function graphTensors(roots: readonly Tensor[]): Set<Tensor> {
  const seen = new Set<Tensor>();
  const stack = roots.filter((r) => r._node !== null);
  for (const r of stack) seen.add(r);
  while (stack.length > 0) {
    const node = (stack.pop() as Tensor)._node;
    if (!node) continue;
    for (const t of [...node.inputs, ...(node.saved ?? [])]) {
      if (seen.has(t)) continue;
      seen.add(t);
      if (t._node) stack.push(t);
    }
  }
  return seen;
}

/**
 * Called by tidy before it disposes `doomed`: those the survivors' graphs need
 * are kept instead, owned by the survivors. Returns the tensors to dispose now.
 */
export function holdGraph(survivors: Iterable<Tensor>, doomed: readonly Tensor[]): Tensor[] {
  const roots = [...survivors].filter((t) => t._node !== null);
  if (roots.length === 0 || doomed.length === 0) return [...doomed];
  const needed = graphTensors(roots);
  const held = new Set<Tensor>();
  const free: Tensor[] = [];
  for (const t of doomed) {
    if (needed.has(t)) held.add(t);
    else free.push(t);
  }
  if (held.size === 0) return free;
  const keeper = new GraphKeeper(held);
  for (const t of held) {
    t._scope = null;
    t._registerFinalizer();
  }
  for (const r of roots) keeper.attach(r);
  return free;
}

/** Before walking: every tensor the graph needs must be alive (else a DisposedError naming it and its op). */
export function checkGraphAlive(t: Tensor, node: GradNode): void {
  node.inputs.forEach((x, i) => {
    if (x.isDisposed) {
      throw new DisposedError(
        'backward',
        `${describeTensor(x)}, input ${i} of '${node.op}' (which made ${describeTensor(t)}), was disposed before backward ran; the gradient needs it. Do not dispose it (or its tidy scope) until after backward`,
      );
    }
  });
  for (const x of node.saved ?? []) {
    if (x.isDisposed) {
      throw new DisposedError(
        'backward',
        `${describeTensor(x)}, saved by '${node.op}' for its gradient, was disposed before backward ran`,
      );
    }
  }
}

function releasedNode(op: string): GradNode {
  return {
    op,
    inputs: [],
    vjp: () => {
      throw new GradError(
        'backward',
        `backward through '${op}' a second time: the first backward freed this graph; pass { retainGraph: true } to it to run backward twice`,
      );
    },
  };
}

/** After a backward without `retainGraph`: free the graph of the walked tensors. */
export function releaseGraph(walked: readonly Tensor[]): void {
  for (const t of walked) {
    const node = t._node;
    if (node && node.inputs.length > 0) {
      t._node = releasedNode(node.op);
      for (const temp of node.owned ?? []) temp.dispose();
    }
  }
  for (const t of walked) {
    const keepers = t._keepers;
    if (!keepers) continue;
    t._keepers = null;
    for (const k of keepers) k.detach();
  }
}
