// The ops behind Tensor's methods, gathered so tensor.ts imports one module.
export * from './elementwise.js';
export * from './shape-ops.js';
export * from './reduce.js';
export * from './matmul.js';
export * from './softmax.js';
export { nest, onesLike, zerosLike, arange } from './creation.js';
export * from './indexing.js';
export * from './sorting.js';
export * from './rearranging.js';
export * from './splitting.js';
export * from './cumsum.js';
export * from './logsumexp.js';
export * from './norm.js';
export * from './logical.js';
