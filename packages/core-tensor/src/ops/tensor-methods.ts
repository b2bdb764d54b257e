// The ops behind Tensor's methods, gathered so tensor.ts imports one module.
export * from './elementwise.js';
export * from './shape-ops.js';
export * from './reduce.js';
export * from './matmul.js';
export * from './softmax.js';
export { nest, onesLike, zerosLike, arange } from './creation.js';
