/**
 * The speed set: matmul 512 in all four transpose combinations (issue #8's targets
 * are judged on them), each computing its own product — checked against a float64
 * reference on Polygrad cpu and on TF.js cpu, with the error bound of a float32 dot product.
 */
import '@polygrad/backend-cpu';
import { matmulData, matmulWorkload } from '@polygrad/benchmarks/workloads';
import { describe, expect, it } from 'vitest';
import { nodePeers } from '../src/node/peers.js';
import { speedSet } from '../src/run/speed.js';

describe('the speed set', () => {
  it('has A·B, A·Bᵀ, Aᵀ·B and Aᵀ·Bᵀ at 512 in the full set; the quick set keeps A·B and A·Bᵀ', () => {
    expect(speedSet(false).map((w) => [w.id, w.label])).toEqual([
      ['matmul-256', 'matmul 256 A·B'],
      ['matmul-256-bt', 'matmul 256 A·Bᵀ'],
      ['matmul-512', 'matmul 512 A·B'],
      ['matmul-512-bt', 'matmul 512 A·Bᵀ'],
      ['matmul-512-at', 'matmul 512 Aᵀ·B'],
      ['matmul-512-atbt', 'matmul 512 Aᵀ·Bᵀ'],
      ['matmul-1024', 'matmul 1024 A·B'],
      ['matmul-1024-bt', 'matmul 1024 A·Bᵀ'],
      ['small-op-add-16', 'add 16 float32 + dispose'],
      ['softmax-ce-128x1000', 'softmax cross-entropy fwd+bwd 128×1000'],
      ['mlp-step-784-256-10', 'MLP step 784→256→10, batch 128, SGD'],
    ]);
    expect(speedSet(true).map((w) => w.id)).toEqual([
      'matmul-256',
      'matmul-256-bt',
      'matmul-512',
      'matmul-512-bt',
      'small-op-add-16',
      'softmax-ce-128x1000',
      'mlp-step-784-256-10',
    ]);
    for (const w of speedSet(false).filter((x) => x.suite === 'matmul')) {
      const n = Number(w.id.split('-')[1]);
      expect(w.flop).toBe(2 * n ** 3);
    }
  });

  it('computes op(A)·op(B) for every transpose combination, on Polygrad cpu and TF.js cpu', async () => {
    const n = 48;
    const { A, B } = matmulData(n);
    const peers = await nodePeers();
    const tfCpu = peers.runtimes.find((p) => p.name === 'peer:tfjs-cpu')!;
    await tfCpu.activate();
    for (const [transposeA, transposeB] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      const at = (i: number, k: number): number => (transposeA ? A[k * n + i] : A[i * n + k]);
      const bt = (k: number, j: number): number => (transposeB ? B[j * n + k] : B[k * n + j]);
      const spec = matmulWorkload(n, { transposeA, transposeB });
      for (const work of [spec.polygrad('cpu'), spec.tfjs(tfCpu.tf)]) {
        const got = await work.result();
        work.dispose();
        expect(got.length).toBe(n * n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            let exact = 0;
            let magnitude = 0;
            for (let k = 0; k < n; k++) {
              exact += at(i, k) * bt(k, j);
              magnitude += Math.abs(at(i, k) * bt(k, j));
            }
            // Float32 dot product of n terms: |error| ≤ n·u·Σ|a·b| (u = 2^-24), plus the final rounding.
            const bound = n * 2 ** -24 * magnitude + 2 ** -24 * Math.abs(exact);
            const err = Math.abs(got[i * n + j] - exact);
            if (err > bound)
              expect(
                err,
                `${spec.label}: C[${i}][${j}] = ${got[i * n + j]}, exact ${exact}`,
              ).toBeLessThanOrEqual(bound);
          }
      }
    }
  });
});
