/**
 * The source of a kernel worker, as a string so that it loads the same way
 * everywhere with no bundler configuration: Node evaluates it with
 * `new Worker(src, { eval: true })`, browsers from a Blob URL.
 *
 * A worker instantiates the module on the shared memory, then loops: sleep
 * (after a short spin) until the job generation changes, then claim chunk
 * indices until none is left, counting each finished chunk. A trap is caught,
 * flagged and its message written to shared memory, so the caller can turn it
 * into a BackendError; the worker itself keeps running.
 *
 * Control block (Int32 slots): see CTRL in thread-pool.ts.
 */
export const WORKER_SOURCE = `
'use strict';
const GEN = 0, NEXT = 1, TOTAL = 2, DONE = 3, STOP = 4, ERROR = 5, ERRLEN = 6;
function start(d, post) {
  const imports = { env: { memory: d.memory, abort() { throw new Error('abort called in the WebAssembly kernels'); } } };
  const run = new WebAssembly.Instance(d.module, imports).exports.runChunk;
  const ctrl = new Int32Array(d.memory.buffer, d.ctrlPtr, 16);
  let gen = Atomics.load(ctrl, GEN);
  post('ready');
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctrl, GEN) === gen && spins < d.spin) spins++;
    if (Atomics.load(ctrl, GEN) === gen) Atomics.wait(ctrl, GEN, gen);
    gen = Atomics.load(ctrl, GEN);
    if (Atomics.load(ctrl, STOP) !== 0) return;
    for (;;) {
      const c = Atomics.add(ctrl, NEXT, 1);
      const total = Atomics.load(ctrl, TOTAL);
      if (c < 0 || c >= total) break;
      try {
        run(d.jobPtr, c, d.workPtr);
      } catch (e) {
        if (Atomics.add(ctrl, ERROR, 1) === 0) {
          const msg = String(e && e.message ? e.message : e).slice(0, 255);
          const chars = new Uint16Array(d.memory.buffer, d.errPtr, 256);
          for (let i = 0; i < msg.length; i++) chars[i] = msg.charCodeAt(i);
          Atomics.store(ctrl, ERRLEN, msg.length);
        }
      }
      if (Atomics.add(ctrl, DONE, 1) + 1 === total) Atomics.notify(ctrl, DONE);
    }
  }
}
if (typeof require === 'function' && typeof self === 'undefined') {
  const { parentPort, workerData } = require('node:worker_threads');
  start(workerData, (m) => parentPort.postMessage(m));
} else {
  self.onmessage = (e) => start(e.data, (m) => self.postMessage(m));
}
`;
