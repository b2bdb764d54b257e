export { Tensor } from './tensor.js';
export type { DType, TypedArray } from './dtype.js';
export { allocate, bytesPerElement, promoteTypes } from './dtype.js';
export type { Shape } from './shape.js';
export { sizeOf, contiguousStrides, broadcastShapes, formatShape } from './shape.js';
export { checkSize, checkShape, checkAllocatable } from './shape-checks.js';

// backends
export type {
  Backend, Capabilities, DataId, Dense, View, RequiredKernels, OptionalKernels, Kernels,
  UnaryOp, BinaryOp, ReduceOp, ArgReduceOp, ConvGeometry, PoolGeometry, AvgPoolOptions, RandomOptions, SgdUpdate, AdamUpdate,
  BatchNormForward, BatchNormGrads,
} from './backend/backend.js';
export { defineBackend } from './backend/define-backend.js';
export { setBackend, getBackend, registerDefaultBackend } from './backend/registry.js';
export { denseView, broadcastView, permuteView } from './backend/views.js';
export { defaultKernels } from './backend/defaults/index.js';
export { avgPoolDivisor, reciprocalDivisors } from './backend/defaults/avg-pool.js';
export { uniformAt, normalAt, pcgHash } from './random/counter-hash.js';
export { manualSeed } from './random/seed.js';

// creation
export { tensor, zeros, ones, full, rand, randn, arange, linspace, eye, zerosLike, onesLike } from './ops/creation.js';
export type { CreationOptions, RandomCreationOptions, NestedArray } from './ops/creation.js';
export { cat, stack } from './ops/shape-ops.js';
export { where } from './ops/elementwise.js';
export { sgdStep, adamStep } from './ops/optimizer-steps.js';

// autograd and memory
export { noGrad, isGradEnabled } from './autograd/grad-mode.js';
export { composite } from './autograd/composite.js';
export { gradcheck, type GradcheckOptions } from './autograd/gradcheck.js';
export { tidy, keep } from './memory/scope.js';
export { memory } from './memory/storage.js';

// functional ops and serialization
export * as functional from './functional/index.js';
export { saveSafetensors, saveSafetensorsAsync, loadSafetensors, readSafetensorsMetadata } from './io/safetensors.js';
