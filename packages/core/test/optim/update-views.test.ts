/**
 * Optimizer kernels return new handles and core swaps the param's storage, so a
 * view taken before a step (`detach(w)`) keeps the old values — identically on
 * the fused path (cpu's sgdUpdate/adamUpdate) and the composed one (a backend
 * without them). Before the contract's round two the fused step wrote in place
 * and the view changed with it.
 */
import { createCpuBackend } from '@polygrad/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adamUpdate,
  type Backend,
  type BackendKernels,
  detach,
  PRIMITIVE_KERNELS,
  registerBackend,
  sgdUpdate,
  tensor,
  zeros,
} from '../../src/index.js';

function primitivesOnly(): Backend {
  const cpu = createCpuBackend();
  const kernels: Record<string, unknown> = {};
  for (const k of PRIMITIVE_KERNELS) kernels[k] = (cpu.kernels as unknown as Record<string, unknown>)[k];
  return { ...cpu, name: 'cpu-primitives', kernels: kernels as unknown as BackendKernels };
}

beforeAll(() => {
  registerBackend('cpu-fused', () => ({ ...createCpuBackend(), name: 'cpu-fused' }));
  registerBackend('cpu-primitives', primitivesOnly);
});

describe.each(['cpu-fused', 'cpu-primitives'])('optimizer steps on %s', (backend) => {
  it('SGD with momentum: param and velocity change, a view taken before keeps the old values', () => {
    const w = tensor([1, 2, 3], { dtype: 'float64', backend });
    const g = tensor([0.5, -1, 2], { dtype: 'float64', backend });
    const v = zeros([3], { dtype: 'float64', backend });
    const view = detach(w);
    const vView = detach(v);
    sgdUpdate(w, g, v, { lr: 0.1, momentum: 0.9 });
    expect(Array.from(w.dataSync())).toEqual([1 - 0.05, 2 + 0.1, 3 - 0.2]);
    expect(Array.from(v.dataSync())).toEqual([0.5, -1, 2]);
    expect(Array.from(view.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(vView.dataSync())).toEqual([0, 0, 0]);
    for (const t of [w, g, v, view, vView]) t.dispose();
  });

  it('Adam: param, m and v take new storage; views keep the old values', () => {
    const w = tensor([1, -1], { dtype: 'float64', backend });
    const g = tensor([0.5, -0.25], { dtype: 'float64', backend });
    const m = zeros([2], { dtype: 'float64', backend });
    const v = zeros([2], { dtype: 'float64', backend });
    const views = [detach(w), detach(m), detach(v)];
    adamUpdate(w, g, m, v, { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1 });
    // Step 1 of Adam moves each weight by lr * g/|g| (bias-corrected), up to eps.
    const got = Array.from(w.dataSync());
    expect(got[0]).toBeCloseTo(0.9, 6);
    expect(got[1]).toBeCloseTo(-0.9, 6);
    const mv = Array.from(m.dataSync());
    expect(mv[0]).toBeCloseTo(0.05, 15);
    expect(mv[1]).toBeCloseTo(-0.025, 15);
    expect(Array.from(views[0].dataSync())).toEqual([1, -1]);
    expect(Array.from(views[1].dataSync())).toEqual([0, 0]);
    expect(Array.from(views[2].dataSync())).toEqual([0, 0]);
    for (const t of [w, g, m, v, ...views]) t.dispose();
  });
});
