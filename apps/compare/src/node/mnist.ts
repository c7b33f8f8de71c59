/**
 * Node: MNIST on a backend with apps/mnist's training code (imported, not
 * copied) on the 10,000 digits the `mnist` package ships, same seed everywhere.
 */
import { loadMnistPackage, type MnistArrays } from '@polygrad/core/data/node';
import { DEFAULTS, type TrainOptions, trainMnist } from '@polygrad/mnist-app/train';
import type { MnistRunner } from '../run/mnist.js';
import type { MnistRun } from '../run/model.js';

export const MNIST_TARGET = 0.96;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function nodeMnistRunner(overrides: Partial<Omit<TrainOptions, 'backend'>> = {}): MnistRunner {
  const options: Omit<TrainOptions, 'backend'> = { ...DEFAULTS, ...overrides };
  let data: MnistArrays | null = null;
  const trainShare = options.limit ? Math.min(1, options.limit / 8000) : 1;
  return {
    target: MNIST_TARGET,
    options: { ...options, limit: options.limit ?? null },
    weight: 12 * trainShare * (options.epochs / 12),
    run: async (backend, progress): Promise<MnistRun> => {
      const start = performance.now();
      try {
        data ??= loadMnistPackage(import.meta.url);
        const r = trainMnist(data, { ...options, backend }, (e) => {
          void progress.update(
            e.epoch * e.batches + e.batch,
            options.epochs * e.batches,
            `epoch ${e.epoch + 1}/${options.epochs} batch ${e.batch}/${e.batches} loss ${e.loss.toFixed(4)}`,
          );
        });
        return {
          backend,
          testAccuracy: r.testAccuracy,
          reachedTarget: r.testAccuracy >= MNIST_TARGET,
          seconds: r.seconds,
          samplesPerSecond: r.samplesPerSecond,
          batchLosses: r.batchLosses,
          epochs: r.history.map((h) => ({
            epoch: h.epoch,
            loss: h.loss,
            testAccuracy: h.testAccuracy,
            seconds: h.seconds,
          })),
          trainSize: r.trainSize,
          testSize: r.testSize,
          leakedTensors: r.tensorsAfter - r.tensorsBefore,
          error: null,
        };
      } catch (e) {
        return {
          backend,
          testAccuracy: 0,
          reachedTarget: false,
          seconds: (performance.now() - start) / 1000,
          samplesPerSecond: 0,
          batchLosses: [],
          epochs: [],
          trainSize: 0,
          testSize: 0,
          leakedTensors: 0,
          error: message(e),
        };
      }
    },
  };
}
