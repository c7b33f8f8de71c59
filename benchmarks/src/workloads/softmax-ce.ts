/**
 * Softmax cross-entropy from logits, forward and backward: mean loss over a
 * batch of 128 rows of 1000 classes, its gradient with respect to the logits,
 * and both read back.
 */
import { softmaxCrossEntropy, tensor, tidy } from '@polygrad/core';
import { seededUniform } from '../types.js';
import { readBack, readsSync, type Tfjs, type Workload, type WorkloadSpec } from './workload.js';

export const SOFTMAX_ROWS = 128;
export const SOFTMAX_CLASSES = 1000;

export function softmaxData(): { logits: Float32Array; labels: Int32Array } {
  const logits = seededUniform(SOFTMAX_ROWS * SOFTMAX_CLASSES, 41, 4);
  const u = seededUniform(SOFTMAX_ROWS, 42);
  const labels = new Int32Array(SOFTMAX_ROWS);
  for (let i = 0; i < SOFTMAX_ROWS; i++)
    labels[i] = Math.min(SOFTMAX_CLASSES - 1, Math.floor(((u[i] + 1) / 2) * SOFTMAX_CLASSES));
  return { logits, labels };
}

/** Values read back by `result()`: the loss, then the gradient. */
function joined(loss: ArrayLike<number>, grad: ArrayLike<number>): Float32Array {
  const out = new Float32Array(1 + grad.length);
  out[0] = loss[0];
  out.set(grad, 1);
  return out;
}

export function polygradSoftmaxCrossEntropy(backend: string): Workload {
  const { logits: L, labels: Y } = softmaxData();
  const logits = tensor(L, { shape: [SOFTMAX_ROWS, SOFTMAX_CLASSES], dtype: 'float32', backend });
  logits.requiresGrad_();
  const labels = tensor(Y, { shape: [SOFTMAX_ROWS], dtype: 'int32', backend });
  /** The loss tensor; the gradient is left in `logits.grad` (the caller reads it, then `zeroGrad()`). */
  const step = () =>
    tidy(() => {
      const l = softmaxCrossEntropy(logits, labels).mean();
      l.backward();
      return l;
    });
  const result = async (): Promise<Float32Array> => {
    const loss = step();
    try {
      return joined(await readBack(loss), await readBack(logits.grad!));
    } finally {
      loss.dispose();
      logits.zeroGrad();
    }
  };
  const run = readsSync(logits)
    ? (): void => {
        const loss = step();
        loss.dataSync();
        logits.grad!.dataSync();
        loss.dispose();
        logits.zeroGrad();
      }
    : async (): Promise<void> => {
        await result();
      };
  return {
    run,
    result,
    dispose: () => {
      logits.dispose();
      labels.dispose();
    },
  };
}

export function tfjsSoftmaxCrossEntropy(tf: Tfjs): Workload {
  const { logits: L, labels: Y } = softmaxData();
  const logits = tf.tensor2d(L, [SOFTMAX_ROWS, SOFTMAX_CLASSES], 'float32');
  const onehot = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Y, 'int32'), SOFTMAX_CLASSES), 'float32'));
  const lossAndGrad = tf.valueAndGrad((x: ReturnType<Tfjs['tensor2d']>) =>
    tf.losses.softmaxCrossEntropy(onehot, x),
  );
  const once = (): Float32Array => {
    const { value, grad } = lossAndGrad(logits);
    const out = joined(value.dataSync(), grad.dataSync());
    value.dispose();
    grad.dispose();
    return out;
  };
  return {
    run: () => {
      once();
    },
    result: async () => once(),
    dispose: () => {
      logits.dispose();
      onehot.dispose();
    },
  };
}

export function softmaxCrossEntropyWorkload(): WorkloadSpec {
  return {
    id: 'softmax-ce-128x1000',
    suite: 'softmax-ce',
    label: `softmax cross-entropy fwd+bwd ${SOFTMAX_ROWS}×${SOFTMAX_CLASSES}`,
    unit: 'ms',
    polygrad: polygradSoftmaxCrossEntropy,
    tfjs: tfjsSoftmaxCrossEntropy,
  };
}
