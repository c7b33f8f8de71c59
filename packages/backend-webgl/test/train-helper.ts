/** A small MLP training step on the WebGL backend (Linear-ReLU-Linear, cross-entropy, Adam or SGD). */
import { keep, manualSeed, nn, optim, type Tensor, tensor, tidy } from '@polygrad/core';

const { CrossEntropyLoss, Linear, ReLU, Sequential } = nn;
const { Adam, SGD } = optim;

export interface Trainer {
  /** One optimizer step on the fixed batch; returns the loss (the only readback). */
  step(): number;
  dispose(): void;
}

export function mlpTrainer(opts: {
  inputs: number;
  hidden: number;
  classes: number;
  batch: number;
  optimizer: 'adam' | 'sgd';
}): Trainer {
  manualSeed(7);
  const backend = 'webgl';
  const model = new Sequential(
    new Linear(opts.inputs, opts.hidden, { seed: 1, backend }),
    new ReLU(),
    new Linear(opts.hidden, opts.classes, { seed: 2, backend }),
  );
  const xs = new Float32Array(opts.batch * opts.inputs).map((_, i) => Math.sin(i * 0.37));
  const ys = Int32Array.from({ length: opts.batch }, (_, i) => i % opts.classes);
  const x: Tensor = keep(tensor(xs, { shape: [opts.batch, opts.inputs], backend }));
  const y: Tensor = keep(tensor(ys, { backend }));
  const lossFn = new CrossEntropyLoss();
  const optimizer =
    opts.optimizer === 'adam'
      ? new Adam(model.parameters(), { lr: 1e-3, weightDecay: 1e-4 })
      : new SGD(model.parameters(), { lr: 0.05, momentum: 0.9, nesterov: true });
  return {
    step: () =>
      tidy(() => {
        optimizer.zeroGrad();
        const loss = lossFn.forward(model.forward(x), y);
        loss.backward();
        optimizer.step();
        return loss.itemSync();
      }),
    dispose: () => {
      x.dispose();
      y.dispose();
      for (const p of model.parameters()) p.dispose();
      optimizer.zeroGrad();
    },
  };
}
