/**
 * One MLP training step, 784 → 256 → 10, batch 128, float32: linear + relu +
 * linear + softmax cross-entropy (mean) + backward + SGD update of all four
 * parameters, and reading the loss back. Polygrad: core ops inside one tidy
 * per step. TF.js: the idiomatic equivalent,
 * `optimizer.minimize(() => tf.losses.softmaxCrossEntropy(...), true)`.
 * Both start from identical weights and data.
 */
import { linear, relu, sgdUpdate, softmaxCrossEntropy, type Tensor, tensor, tidy } from '@polygrad/core';
import { seededUniform } from '../types.js';
import { readBack, readsSync, type Tfjs, type Workload, type WorkloadSpec } from './workload.js';

export const MLP = { batch: 128, in: 784, hidden: 256, out: 10, lr: 0.05 } as const;

export function mlpData(): {
  X: Float32Array;
  labels: Int32Array;
  W1: Float32Array;
  B1: Float32Array;
  W2: Float32Array;
  B2: Float32Array;
} {
  const { batch, in: IN, hidden, out } = MLP;
  const X = seededUniform(batch * IN, 31);
  const labels = new Int32Array(batch);
  const u = seededUniform(batch, 32);
  for (let i = 0; i < batch; i++) labels[i] = Math.min(out - 1, Math.floor(((u[i] + 1) / 2) * out));
  return {
    X,
    labels,
    W1: seededUniform(hidden * IN, 33, Math.sqrt(6 / (IN + hidden))),
    B1: new Float32Array(hidden),
    W2: seededUniform(out * hidden, 34, Math.sqrt(6 / (hidden + out))),
    B2: new Float32Array(out),
  };
}

export interface MlpStepWorkload extends Workload {
  /** One training step; returns the loss before the update. */
  step(): number | Promise<number>;
}

export function polygradMlpStep(backend: string): MlpStepWorkload {
  const { batch, in: IN, hidden, out, lr } = MLP;
  const d = mlpData();
  const opts = { dtype: 'float32', backend } as const;
  const x = tensor(d.X, { shape: [batch, IN], ...opts });
  const y = tensor(d.labels, { shape: [batch], dtype: 'int32', backend });
  const params: Tensor[] = [
    tensor(d.W1, { shape: [hidden, IN], ...opts }),
    tensor(d.B1, { shape: [hidden], ...opts }),
    tensor(d.W2, { shape: [out, hidden], ...opts }),
    tensor(d.B2, { shape: [out], ...opts }),
  ].map((p) => p.requiresGrad_());
  const [w1, b1, w2, b2] = params;
  /** The step's loss tensor (kept out of the tidy; the caller reads and disposes it). */
  const lossOfStep = (): Tensor =>
    tidy(() => {
      const loss = softmaxCrossEntropy(linear(relu(linear(x, w1, b1)), w2, b2), y).mean();
      loss.backward();
      for (const p of params) {
        sgdUpdate(p, p.grad!, null, { lr });
        p.zeroGrad();
      }
      return loss;
    });
  const stepAsync = async (): Promise<number> => {
    const loss = lossOfStep();
    try {
      return (await readBack(loss))[0];
    } finally {
      loss.dispose();
    }
  };
  const stepSync = (): number => {
    const loss = lossOfStep();
    const v = loss.itemSync();
    loss.dispose();
    return v;
  };
  const sync = readsSync(x);
  const step = sync ? stepSync : stepAsync;
  return {
    step,
    run: sync
      ? () => {
          stepSync();
        }
      : async () => {
          await stepAsync();
        },
    result: async () => Float32Array.of(await step()),
    dispose: () => {
      for (const t of [x, y, ...params]) t.dispose();
    },
  };
}

export function tfjsMlpStep(tf: Tfjs): MlpStepWorkload {
  const { batch, in: IN, hidden, out, lr } = MLP;
  const d = mlpData();
  const tx = tf.tensor2d(d.X, [batch, IN], 'float32');
  const ty = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(d.labels, 'int32'), out), 'float32'));
  // tf.variable copies its initial value; tidy frees the initial tensors (variables survive tidy).
  const [v1, c1, v2, c2] = tf.tidy(() => [
    tf.variable(tf.tensor2d(d.W1, [hidden, IN])),
    tf.variable(tf.tensor1d(d.B1)),
    tf.variable(tf.tensor2d(d.W2, [out, hidden])),
    tf.variable(tf.tensor1d(d.B2)),
  ]);
  const opt = tf.train.sgd(lr);
  const step = (): number => {
    const loss = opt.minimize(() => {
      const h = tf.relu(tf.add(tf.matMul(tx, v1, false, true), c1));
      const logits = tf.add(tf.matMul(h, v2, false, true), c2);
      return tf.losses.softmaxCrossEntropy(ty, logits) as ReturnType<Tfjs['scalar']>;
    }, true);
    const value = loss!.dataSync()[0];
    loss!.dispose();
    return value;
  };
  return {
    step,
    run: () => {
      step();
    },
    result: async () => Float32Array.of(step()),
    dispose: () => {
      tf.dispose([tx, ty, v1, c1, v2, c2]);
      opt.dispose();
    },
  };
}

export function mlpStepWorkload(): WorkloadSpec {
  return {
    id: 'mlp-step-784-256-10',
    suite: 'mlp-step',
    label: `MLP step ${MLP.in}→${MLP.hidden}→${MLP.out}, batch ${MLP.batch}, SGD`,
    unit: 'ms',
    polygrad: polygradMlpStep,
    tfjs: tfjsMlpStep,
  };
}
