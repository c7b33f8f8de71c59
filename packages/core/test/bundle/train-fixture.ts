/**
 * A small training script as a user writes it, bundled by `bundle.test.ts` with
 * tree-shaking on and run in Node and in Chromium. It uses tensor methods,
 * backward, nn modules, an optimizer and a scheduler from the package entry points.
 */
import { randn, setBackend, tensor, tidy } from '@polygrad/core';
import { CrossEntropyLoss, Linear, ReLU, Sequential } from '@polygrad/core/nn';
import { SGD, StepLR } from '@polygrad/core/optim';
import '@polygrad/backend-cpu';

export interface TrainResult {
  readonly backend: string;
  readonly losses: number[];
  readonly gradNorm: number;
}

async function train(): Promise<TrainResult> {
  const selection = await setBackend('cpu');
  const x = randn([32, 4], { seed: 1 });
  // Two classes: the sign of the first feature's sum with the second.
  const labels = Int32Array.from(await x.data(), (_, i) => i).filter((i) => i % 4 === 0);
  const xv = await x.data();
  const y = tensor(
    Int32Array.from(labels, (i) => (xv[i] + xv[i + 1] > 0 ? 1 : 0)),
    { dtype: 'int32' },
  );
  const model = new Sequential(new Linear(4, 16, { seed: 2 }), new ReLU(), new Linear(16, 2, { seed: 3 }));
  const opt = new SGD(model.parameters(), { lr: 0.2, momentum: 0.9 });
  const sched = new StepLR(opt, { stepSize: 20, gamma: 0.5 });
  const lossFn = new CrossEntropyLoss();
  const losses: number[] = [];
  let gradNorm = 0;
  for (let step = 0; step < 40; step++) {
    const loss = tidy(() => {
      opt.zeroGrad();
      const l = lossFn.forward(model.forward(x), y);
      l.backward();
      const w = model.parameters()[0];
      gradNorm = w.grad!.square().sum().sqrt().dataSync()[0];
      opt.step();
      sched.step();
      return l;
    });
    losses.push((await loss.data())[0]);
    loss.dispose();
  }
  return { backend: selection.name, losses, gradNorm };
}

// The test reads the printed line (Node and the page's console) and waits for `polygradDone` in the page.
train()
  .then(
    (r) => console.log(`POLYGRAD_RESULT ${JSON.stringify(r)}`),
    (e: unknown) => console.log(`POLYGRAD_ERROR ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  )
  .finally(() => {
    (globalThis as { polygradDone?: boolean }).polygradDone = true;
  });
