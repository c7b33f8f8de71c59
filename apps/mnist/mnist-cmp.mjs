import { setBackend } from '@polygrad/core';
import '@polygrad/backend-cpu';
import '@polygrad/backend-webgl';
import { loadMnistPackage } from '@polygrad/core/data/node';
import { DEFAULTS, trainMnist } from './dist/train.js';

const data = loadMnistPackage();
const limit = Number(process.argv[2] ?? 6000),
  epochs = Number(process.argv[3] ?? 2);
const res = {};
for (const backend of ['webgl', 'cpu']) {
  await setBackend(backend);
  const r = trainMnist(data, { ...DEFAULTS, backend, epochs, limit });
  res[backend] = r;
  console.log(
    backend,
    'test acc',
    r.testAccuracy.toFixed(4),
    'samples/s',
    r.samplesPerSecond.toFixed(0),
    'batches',
    r.batchLosses.length,
    'tensors',
    r.tensorsBefore,
    r.tensorsAfter,
  );
}
const a = res.webgl.batchLosses,
  b = res.cpu.batchLosses;
let maxAbs = 0,
  maxRel = 0;
for (let i = 0; i < a.length; i++) {
  const d = Math.abs(a[i] - b[i]);
  maxAbs = Math.max(maxAbs, d);
  maxRel = Math.max(maxRel, d / Math.abs(b[i]));
}
console.log(
  'loss curve: first',
  a[0],
  b[0],
  'last',
  a[a.length - 1],
  b[b.length - 1],
  'max |diff|',
  maxAbs,
  'max rel',
  maxRel,
);
