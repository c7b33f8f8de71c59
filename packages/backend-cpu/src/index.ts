import { registerBackend } from '@polygrad/core';
import { createCpuBackend } from './backend.js';

export { createCpuBackend };
export { CpuHandle } from './storage.js';

registerBackend('cpu', createCpuBackend, { priority: 1 });
