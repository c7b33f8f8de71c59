/**
 * A 2-layer MLP trained on a synthetic spiral with nothing but Polygrad core
 * ops: `linear`, `relu`, `softmaxCrossEntropy`, `backward` and the in-place
 * `sgdUpdate` / `adamUpdate` kernels. Every training step runs inside `tidy`,
 * so the only tensors alive between steps are the data, the parameters and
 * the optimizer state.
 */
import {
  adamUpdate,
  argmax,
  dispose,
  linear,
  memory,
  noGrad,
  randn,
  relu,
  sgdUpdate,
  softmaxCrossEntropy,
  type Tensor,
  tensor,
  tidy,
  zeros,
  zerosLike,
} from '@polygrad/core';

/** A small, seeded, dependency-free PRNG (mulberry32), so the dataset is identical on every run and machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Dataset {
  /** [n, 2] float32 points, row-major. */
  readonly x: Float32Array;
  /** [n] int32 class labels in [0, classes). */
  readonly y: Int32Array;
  readonly n: number;
  readonly classes: number;
}

/**
 * The classic interleaved spiral (CS231n): `classes` arms of `perClass` points
 * each, radius 0→1, with Gaussian angle noise. Not linearly separable, so a
 * linear model tops out near 1/classes + a little; a hidden layer is needed.
 */
export function makeSpiral(perClass: number, classes: number, seed: number, noise = 0.2): Dataset {
  const rnd = mulberry32(seed);
  const gauss = (): number => {
    // Box–Muller
    const u = 1 - rnd();
    const v = rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const n = perClass * classes;
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const k = c * perClass + i;
      const r = perClass === 1 ? 1 : i / (perClass - 1);
      const theta = c * 4 + 4 * r + gauss() * noise;
      x[2 * k] = r * Math.sin(theta);
      x[2 * k + 1] = r * Math.cos(theta);
      y[k] = c;
    }
  }
  return { x, y, n, classes };
}

export interface TrainOptions {
  steps: number;
  hidden: number;
  optimizer: 'sgd' | 'adam';
  lr: number;
  /** SGD momentum (ignored by Adam). */
  momentum: number;
  /** Record the loss every `logEvery` steps (and on the first and last step). */
  logEvery: number;
  /** Seed for the weight initialisation. */
  seed: number;
  /** Called whenever a loss is recorded. */
  onLog?: (step: number, loss: number) => void;
}

export const defaultTrainOptions: TrainOptions = {
  steps: 1000,
  hidden: 64,
  optimizer: 'adam',
  lr: 0.02,
  momentum: 0.9,
  logEvery: 100,
  seed: 1,
};

export interface TrainResult {
  /** [step, mean loss] pairs, in order. */
  readonly losses: readonly [number, number][];
  readonly firstLoss: number;
  readonly finalLoss: number;
  /** Train-set accuracy after the last step, in [0, 1]. */
  readonly accuracy: number;
  /** Live tensors before the data was uploaded and after everything was disposed. */
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
  /** Live tensors right after the first and the last step (data + params + optimizer state). */
  readonly tensorsAfterFirstStep: number;
  readonly tensorsAfterLastStep: number;
  readonly ms: number;
}

interface Param {
  readonly w: Tensor;
  readonly s1: Tensor;
  readonly s2: Tensor;
}

/** Train the MLP 2 → hidden → classes on `data` on the active backend. */
export function trainMlp(data: Dataset, options: Partial<TrainOptions> = {}): TrainResult {
  const o: TrainOptions = { ...defaultTrainOptions, ...options };
  const tensorsBefore = memory().tensors;
  const t0 = performance.now();

  const x = tensor(data.x, { shape: [data.n, 2], dtype: 'float32' });
  const y = tensor(data.y, { shape: [data.n], dtype: 'int32' });

  // He initialisation for the ReLU layer, small weights for the logits layer.
  const w1 = randn([o.hidden, 2], { seed: o.seed, std: Math.sqrt(2 / 2) }).requiresGrad_();
  const b1 = zeros([o.hidden]).requiresGrad_();
  const w2 = randn([data.classes, o.hidden], {
    seed: o.seed + 1,
    std: Math.sqrt(1 / o.hidden),
  }).requiresGrad_();
  const b2 = zeros([data.classes]).requiresGrad_();
  const params: Param[] = [w1, b1, w2, b2].map((w) => ({ w, s1: zerosLike(w), s2: zerosLike(w) }));

  const forward = (): Tensor => linear(relu(linear(x, w1, b1)), w2, b2);

  const losses: [number, number][] = [];
  let tensorsAfterFirstStep = 0;
  for (let step = 1; step <= o.steps; step++) {
    const loss = tidy(() => {
      const l = softmaxCrossEntropy(forward(), y).mean();
      l.backward();
      for (const p of params) {
        const g = p.w.grad;
        if (!g) throw new Error(`no gradient reached a parameter of shape [${p.w.shape.join(', ')}]`);
        if (o.optimizer === 'adam') {
          adamUpdate(p.w, g, p.s1, p.s2, { lr: o.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, step });
        } else {
          sgdUpdate(p.w, g, p.s1, { lr: o.lr, momentum: o.momentum });
        }
        p.w.zeroGrad();
      }
      return step === 1 || step === o.steps || step % o.logEvery === 0 ? l.itemSync() : Number.NaN;
    });
    if (step === 1) tensorsAfterFirstStep = memory().tensors;
    if (!Number.isNaN(loss)) {
      losses.push([step, loss]);
      o.onLog?.(step, loss);
    }
  }
  const tensorsAfterLastStep = memory().tensors;

  const accuracy = noGrad(() =>
    tidy(() => {
      const pred = argmax(forward(), 1).dataSync();
      let correct = 0;
      for (let i = 0; i < data.n; i++) if (pred[i] === data.y[i]) correct++;
      return correct / data.n;
    }),
  );

  dispose([x, y, ...params.map((p) => [p.w, p.s1, p.s2])]);
  return {
    losses,
    firstLoss: losses[0][1],
    finalLoss: losses[losses.length - 1][1],
    accuracy,
    tensorsBefore,
    tensorsAfter: memory().tensors,
    tensorsAfterFirstStep,
    tensorsAfterLastStep,
    ms: performance.now() - t0,
  };
}
