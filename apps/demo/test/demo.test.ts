import '@polygrad/backend-cpu';
import { manualSeed, memory, setBackend } from '@polygrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSpiral, trainMlp } from '../src/train.js';

beforeAll(async () => {
  await setBackend('cpu');
  manualSeed(7);
});

describe('spiral dataset', () => {
  it('is reproducible from its seed and balanced', () => {
    const a = makeSpiral(50, 3, 123);
    const b = makeSpiral(50, 3, 123);
    const c = makeSpiral(50, 3, 124);
    expect(a.n).toBe(150);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
    for (let k = 0; k < 3; k++) expect(a.y.filter((v) => v === k).length).toBe(50);
    for (const v of a.x) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });
});

describe('2-layer MLP training on the CPU backend', () => {
  it('lowers the loss, beats chance clearly and leaks no tensors', () => {
    const data = makeSpiral(100, 3, 42);
    const before = memory().tensors;
    const r = trainMlp(data, { steps: 150, hidden: 32, optimizer: 'adam', lr: 0.02, logEvery: 50, seed: 3 });
    // Initial loss is about ln 3 ≈ 1.1 for 3 classes.
    expect(r.firstLoss).toBeGreaterThan(0.8);
    expect(r.finalLoss).toBeLessThan(r.firstLoss * 0.5);
    for (let i = 1; i < r.losses.length; i++) expect(r.losses[i][1]).toBeLessThan(r.losses[i - 1][1]);
    // Chance is 1/3; a linear model gets roughly 0.5 on the spiral; the hidden layer must do better.
    expect(r.accuracy).toBeGreaterThan(0.8);
    expect(r.tensorsAfterLastStep).toBe(r.tensorsAfterFirstStep);
    expect(memory().tensors).toBe(before);
  });

  it('also trains with SGD + momentum', () => {
    const data = makeSpiral(100, 3, 42);
    const r = trainMlp(data, {
      steps: 150,
      hidden: 32,
      optimizer: 'sgd',
      lr: 0.5,
      momentum: 0.9,
      logEvery: 50,
      seed: 3,
    });
    expect(r.finalLoss).toBeLessThan(r.firstLoss * 0.3);
    expect(r.accuracy).toBeGreaterThan(0.85);
  });
});
