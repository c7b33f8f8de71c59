import { registerBackend } from '@polygrad/core';
import { createCpuBackend } from './backend.js';

export { CpuHandle } from './storage.js';
export { createCpuBackend };

registerBackend('cpu', createCpuBackend, { priority: 1 });
