import {
  argmax,
  dispose,
  equal,
  gather,
  keep,
  manualSeed,
  memory,
  sum,
  type Tensor,
  tensor,
  tidy,
} from '@polygrad/core';
import { ClassBalancedBatchSampler, Normalize, trainTestSplit } from '@polygrad/core/data';
import type { MnistArrays } from '@polygrad/core/data/node';
import { CrossEntropyLoss, Dropout, Linear, ReLU, Sequential } from '@polygrad/core/nn';
import {
  Adam,
  type BaseOptions,
  ExponentialLR,
  type LRScheduler,
  type Optimizer,
  SGD,
} from '@polygrad/core/optim';
import { DigitAugmenter } from './augment.js';
import { classCounts, stratifiedSubsample } from './subsample.js';

export interface TrainOptions {
  backend: string;
  epochs: number;
  hidden: number;
  batch: number;
  lr: number;
  dropout: number;
  seed: number;
  optimizer: 'adam' | 'sgd';
  /** L2 weight decay λ (adds λ·w to the gradient; the seed's α‖w‖² has λ = 2α). */
  weightDecay: number;
  /** Multiplicative learning-rate decay per epoch. */
  lrDecay: number;
  /** Fraction of the data held out for testing. */
  testFraction: number;
  /** Augmentation of the training digits, fresh each epoch (see augment.ts): largest shift in whole pixels. */
  shift: number;
  /** Largest rotation of a training digit, degrees. */
  rotate: number;
  /** Largest relative rescaling of a training digit. */
  scale: number;
  /** Train on a stratified subsample of about `limit` training digits and test on about limit/4 (tests use small runs). */
  limit?: number;
}

export const DEFAULTS: Omit<TrainOptions, 'backend'> = {
  epochs: 20,
  hidden: 256,
  batch: 128,
  lr: 3e-3,
  dropout: 0.2,
  seed: 1,
  optimizer: 'adam',
  weightDecay: 1e-4,
  lrDecay: 0.85,
  testFraction: 0.2,
  shift: 1,
  rotate: 0,
  scale: 0,
};

export interface EpochStats {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  testAccuracy: number;
  lr: number;
  seconds: number;
  samplesPerSecond: number;
}

export interface TrainResult {
  history: EpochStats[];
  /** Loss of every minibatch, in order (for cross-backend comparisons). */
  batchLosses: number[];
  testAccuracy: number;
  seconds: number;
  samplesPerSecond: number;
  trainSize: number;
  testSize: number;
  /** Samples of each digit 0..9 in the training and test sets. */
  trainClassCounts: number[];
  testClassCounts: number[];
  /** Live tensors before training and after cleanup (they must match). */
  tensorsBefore: number;
  tensorsAfter: number;
}

export interface ProgressEvent {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
}

function accuracyOf(logits: Tensor, labels: Tensor): number {
  return tidy(() => sum(equal(argmax(logits, 1), labels)).itemSync()) / labels.shape[0];
}

/** The seed's recipe: normalised inputs, class-balanced shuffled minibatches, ReLU MLP with dropout, Kaiming init, cross-entropy on log-softmax, Adam/momentum SGD with L2, LR decay. */
export function trainMnist(
  data: MnistArrays,
  opts: TrainOptions,
  onProgress: (e: ProgressEvent) => void = () => {},
): TrainResult {
  manualSeed(opts.seed);
  const tensorsBefore = memory().tensors;
  const n = data.labels.length;
  const split = trainTestSplit(n, {
    testFraction: opts.testFraction,
    seed: opts.seed,
    stratify: data.labels,
  });
  const trainIdx = opts.limit
    ? stratifiedSubsample(split.train, data.labels, opts.limit, opts.seed)
    : split.train;
  const testIdx = opts.limit
    ? stratifiedSubsample(split.test, data.labels, Math.ceil(opts.limit / 4), opts.seed)
    : split.test;
  const pixels = data.images.length / n;
  const all = { backend: opts.backend };
  const images = tensor(data.images, { shape: [n, pixels], ...all });
  const labels = tensor(data.labels, all);
  const take = (idx: number[]) => tensor(Int32Array.from(idx), all);
  const [xTrainRaw, yTrain, xTestRaw, yTest] = tidy(() => {
    const tr = take(trainIdx);
    const te = take(testIdx);
    return [gather(images, tr), gather(labels, tr), gather(images, te), gather(labels, te)];
  });
  dispose([images, labels]);
  // Normalise with statistics of the training set only, applied to both sets.
  // With augmentation, each batch is built on the host from the raw training
  // digits (augment.ts) and normalised with the same statistics as it is uploaded.
  const augmenter = new DigitAugmenter(
    data.images,
    { shift: opts.shift, rotate: opts.rotate, scale: opts.scale },
    opts.seed,
    pixels,
  );
  const norm = Normalize.fit(xTrainRaw);
  const xTrain = augmenter.active ? null : keep(norm.apply(xTrainRaw));
  const xTest = keep(norm.apply(xTestRaw));
  dispose([xTrainRaw, xTestRaw]);
  const trainBatch = (indices: number[], idx: Tensor, epoch: number, b: number): Tensor =>
    xTrain
      ? gather(xTrain, idx)
      : norm.apply(
          tensor(
            augmenter.batch(
              indices.map((i) => trainIdx[i]),
              epoch,
              b,
            ),
            { shape: [indices.length, pixels], ...all },
          ),
        );

  const model = new Sequential(
    new Linear(pixels, opts.hidden, { seed: opts.seed }),
    new ReLU(),
    new Dropout(opts.dropout, { seed: opts.seed + 1 }),
    new Linear(opts.hidden, 10, { seed: opts.seed + 2 }),
  );
  if (opts.backend !== model.parameters()[0].backendName) model.to(opts.backend);
  const lossFn = new CrossEntropyLoss();
  const optimizer: Optimizer<BaseOptions> =
    opts.optimizer === 'adam'
      ? new Adam(model.parameters(), { lr: opts.lr, weightDecay: opts.weightDecay })
      : new SGD(model.parameters(), { lr: opts.lr, momentum: 0.9, weightDecay: opts.weightDecay });
  const scheduler: LRScheduler = new ExponentialLR(optimizer, { gamma: opts.lrDecay });
  const trainLabels = Array.from(yTrain.dataSync());
  const sampler = new ClassBalancedBatchSampler(trainLabels, { batchSize: opts.batch, seed: opts.seed });

  const history: EpochStats[] = [];
  const batchLosses: number[] = [];
  const t0 = performance.now();
  let seen = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    model.train();
    const e0 = performance.now();
    const batches = sampler.batches(epoch);
    let lossSum = 0;
    let correct = 0;
    let count = 0;
    batches.forEach((indices, b) => {
      const [loss, acc] = tidy(() => {
        const idx = take(indices);
        const x = trainBatch(indices, idx, epoch, b);
        const y = gather(yTrain, idx);
        optimizer.zeroGrad();
        const logits = model.forward(x);
        const l = lossFn.forward(logits, y);
        l.backward();
        optimizer.step();
        return [l.itemSync(), accuracyOf(logits, y)];
      });
      batchLosses.push(loss);
      lossSum += loss * indices.length;
      correct += acc * indices.length;
      count += indices.length;
      seen += indices.length;
      onProgress({
        epoch,
        batch: b + 1,
        batches: batches.length,
        loss: lossSum / count,
        accuracy: correct / count,
        samplesPerSecond: count / ((performance.now() - e0) / 1000),
      });
    });
    const lr = optimizer.paramGroups[0].lr;
    scheduler.step();
    model.eval();
    const testAccuracy = tidy(() => accuracyOf(model.forward(xTest), yTest));
    const seconds = (performance.now() - e0) / 1000;
    history.push({
      epoch: epoch + 1,
      loss: lossSum / count,
      trainAccuracy: correct / count,
      testAccuracy,
      lr,
      seconds,
      samplesPerSecond: count / seconds,
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  const result = {
    history,
    batchLosses,
    testAccuracy: history[history.length - 1]?.testAccuracy ?? 0,
    seconds,
    samplesPerSecond: seen / seconds,
    trainSize: trainIdx.length,
    testSize: testIdx.length,
    trainClassCounts: classCounts(trainIdx, data.labels),
    testClassCounts: classCounts(testIdx, data.labels),
    tensorsBefore,
    tensorsAfter: 0,
  };
  optimizer.dispose?.();
  model.dispose();
  norm.dispose();
  dispose(xTrain ? [xTrain, yTrain, xTest, yTest] : [yTrain, xTest, yTest]);
  result.tensorsAfter = memory().tensors;
  return result;
}
