/**
 * Reverse-mode differentiation over the recorded DAG: walk the nodes in
 * reverse topological order, apply each node's vector-Jacobian product, and
 * add up gradients where a tensor fed several consumers (the seed's
 * "duplicate" module: gradients of fan-out add).
 */

import { memory } from '../engine.js';
import { ArgumentError, BackendError, DTypeError, fmtShape, GradError, ShapeError } from '../errors.js';
import { keep, tidy } from '../memory.js';
import { add } from '../ops/binary.js';
import { onesLike } from '../ops/creation.js';
import { checkOptions } from '../options.js';
import { shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { noGrad } from './grad-mode.js';
import { checkGraphAlive, releaseGraph } from './graph-lifetime.js';
import { noteBackward } from './memory-growth.js';

/** Tensors reachable from `root` through grad nodes, inputs before consumers. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const node = t._node;
    if (i === 0 && node) checkGraphAlive(t, node);
    const inputs = node?.inputs ?? [];
    if (i < inputs.length) {
      top[1]++;
      const child = inputs[i];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

export interface BackwardOptions {
  /**
   * Keep the graph for another backward (PyTorch's retain_graph). By default a
   * finished backward frees it: nodes drop their inputs, the op's own
   * temporaries are disposed, and what tidy kept alive for it is freed.
   */
  readonly retainGraph?: boolean;
}

function checkBackward(op: string, root: Tensor, grad: Tensor | undefined, opts: BackwardOptions): void {
  checkOptions(op, opts, ['retainGraph']);
  root._assertAlive(op);
  if (!root.requiresGrad) {
    throw new GradError(
      op,
      `tensor ${fmtShape(root.shape)} does not require grad and has no graph; expected a result of ops on tensors with requiresGrad = true`,
    );
  }
  if (grad === undefined && root.size !== 1) {
    throw new GradError(
      op,
      `called on a non-scalar tensor of shape ${fmtShape(root.shape)} without a gradient; expected a one-element tensor, or pass the upstream gradient explicitly: t.backward(grad)`,
    );
  }
  if (grad !== undefined) {
    if (!(grad instanceof Tensor)) {
      throw new ArgumentError(op, `gradient is ${grad === null ? 'null' : typeof grad}; expected a Tensor`);
    }
    grad._assertAlive(op);
    if (grad.backend !== root.backend) {
      throw new BackendError(
        op,
        `gradient is on backend '${grad.backendName}' but the tensor on '${root.backendName}'; expected one backend — move it with grad.to('${root.backendName}')`,
      );
    }
    if (grad.dtype !== root.dtype) {
      throw new DTypeError(
        op,
        `gradient has dtype ${grad.dtype}; expected the tensor's dtype, ${root.dtype}`,
      );
    }
    if (!shapesEqual(grad.shape, root.shape)) {
      throw new ShapeError(
        op,
        `gradient has shape ${fmtShape(grad.shape)}; expected the shape of the tensor, ${fmtShape(root.shape)}`,
      );
    }
  }
}

/** Back-propagate from `root`: every leaf that requires grad receives its gradient in `.grad`. */
export function backward(root: Tensor, grad?: Tensor, opts: BackwardOptions = {}): void {
  checkBackward('backward', root, grad, opts);
  noteBackward(() => memory().bytes);
  noGrad(() => {
    const walk = walkGraph(root, grad, false, opts.retainGraph === true);
    const step = walk.next();
    if (!step.done) throw new Error('backward: internal error, an asynchronous step in a synchronous walk');
  });
}

/**
 * `backward` for graphs that cross from a backend without synchronous readback
 * (e.g. `to('cpu')` of a WebGPU tensor): the gradient's move back is awaited.
 * Run it outside `tidy` (a tidy function must be synchronous).
 */
export async function backwardAsync(root: Tensor, grad?: Tensor, opts: BackwardOptions = {}): Promise<void> {
  checkBackward('backwardAsync', root, grad, opts);
  noteBackward(() => memory().bytes);
  // Grad mode is off only while the walk runs, not across the awaits (other code runs then).
  const walk = noGrad(() => walkGraph(root, grad, true, opts.retainGraph === true));
  let input: readonly (Tensor | null)[] | undefined;
  for (;;) {
    const step = noGrad(() => walk.next(input as readonly (Tensor | null)[]));
    if (step.done) return;
    input = await step.value;
  }
}

type AsyncVjp = Promise<readonly (Tensor | null)[]>;

/**
 * The reverse walk, written once for both entry points: it yields the promise of
 * a node's asynchronous VJP (only when `async` and the node has one) and resumes
 * with its result.
 */
function* walkGraph(
  root: Tensor,
  grad: Tensor | undefined,
  async: boolean,
  retainGraph: boolean,
): Generator<AsyncVjp, void, readonly (Tensor | null)[]> {
  const order = topoOrder(root);
  const grads = new Map<Tensor, Tensor>();
  // A gradient tensor may sit in several slots (a VJP can pass dy straight through to
  // several inputs); `refs` counts slots, and tensors we created are disposed at zero.
  const refs = new Map<Tensor, number>();
  const owned = new Set<Tensor>();
  const hold = (g: Tensor): void => {
    refs.set(g, (refs.get(g) ?? 0) + 1);
  };
  const drop = (g: Tensor): void => {
    const n = (refs.get(g) ?? 1) - 1;
    if (n > 0) {
      refs.set(g, n);
      return;
    }
    refs.delete(g);
    if (owned.delete(g)) g.dispose();
  };
  const accumulate = (t: Tensor, g: Tensor): void => {
    hold(g);
    const prev = grads.get(t);
    if (!prev) {
      grads.set(t, g);
      return;
    }
    const sum = add(prev, g);
    owned.add(sum);
    hold(sum);
    grads.set(t, sum);
    drop(prev);
    drop(g);
  };
  try {
    const seed = grad ?? onesLike(root);
    if (grad === undefined) owned.add(seed);
    accumulate(root, seed);
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k];
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      const node = t._node;
      let transferred = false;
      if (node === null || t._retainGrad) {
        const canTake = node === null && owned.has(g) && refs.get(g) === 1;
        storeGrad(t, g, canTake);
        if (canTake) {
          owned.delete(g);
          refs.delete(g);
          transferred = true;
        }
      }
      if (node !== null) {
        const dxs = async && node.vjpAsync ? yield node.vjpAsync(g) : tidy(() => node.vjp(g));
        const unused: Tensor[] = [];
        for (let i = 0; i < node.inputs.length; i++) {
          const x = node.inputs[i];
          const dx = dxs[i];
          if (!dx) continue;
          if (!refs.has(dx) && dx !== g) owned.add(dx);
          if (!x.requiresGrad) {
            unused.push(dx);
            continue;
          }
          if (!shapesEqual(dx.shape, x.shape)) {
            throw new ShapeError(
              `backward(${node.op})`,
              `gradient for input ${i} has shape ${fmtShape(dx.shape)}; expected ${fmtShape(x.shape)} (internal error in the op's VJP)`,
            );
          }
          accumulate(x, dx);
        }
        for (const dx of unused) if (!refs.has(dx) && owned.delete(dx)) dx.dispose();
      }
      if (!transferred) drop(g);
    }
    for (const g of grads.values()) drop(g);
  } catch (e) {
    // A failed walk (a disposed input, an async-only way back) frees the gradients it made.
    for (const g of owned) g.dispose();
    throw e;
  }
  if (!retainGraph) releaseGraph(order);
}

function storeGrad(t: Tensor, g: Tensor, take: boolean): void {
  if (t.dtype !== g.dtype) {
    throw new DTypeError('backward', `gradient dtype ${g.dtype} differs from tensor dtype ${t.dtype}`);
  }
  if (t.grad && !t.grad.isDisposed) {
    const sum = add(t.grad, g);
    t.grad.dispose();
    t.grad = keep(sum);
    if (take) g.dispose();
  } else {
    t.grad = keep(take ? g : add(g, 0));
  }
}
