// my-backend.js: a backend that wraps Polygrad's CPU backend; core composes every fused kernel.
import { createCpuBackend } from '@polygrad/backend-cpu';
import { PRIMITIVE_KERNELS, registerBackend } from '@polygrad/core';

registerBackend('mine', () => {
  const cpu = createCpuBackend();
  const kernels = Object.fromEntries(PRIMITIVE_KERNELS.map((k) => [k, cpu.kernels[k]]));
  return { ...cpu, name: 'mine', dtypes: ['float32', 'int32', 'bool'], precision: 'float32', kernels };
});
