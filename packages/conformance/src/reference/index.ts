/** Independent naive float64 reference implementations (plain loops; no backend involved). */

export * from './elementwise.js';
export * from './layout.js';
export * from './matmul.js';
export * from './modules.js';
export * from './ndarray.js';
export * from './optimizers.js';
export * from './reduce.js';
export * from './softmax.js';
