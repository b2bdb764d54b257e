export { Tensor } from './tensor.js';
export type { DType, TypedArray } from './dtype.js';
export { allocate, bytesPerElement, promoteTypes } from './dtype.js';
export type { Shape } from './shape.js';
export { sizeOf, contiguousStrides, broadcastShapes, formatShape } from './shape.js';
export { checkSize, checkShape, checkAllocatable } from './shape-checks.js';

// backends (a backend author's API is at '@stride/core-tensor/backend')
export type { Backend, Capabilities } from './backend/backend.js';
export { setBackend, getBackend } from './backend/registry.js';
export { pcgHash } from './random/counter-hash.js';
export { manualSeed } from './random/seed.js';

// creation
export { tensor, zeros, ones, full, rand, randn, arange, linspace, eye, zerosLike, onesLike } from './ops/creation.js';
export type { CreationOptions, RandomCreationOptions, NestedArray } from './ops/creation.js';
export { cat, stack } from './ops/shape-ops.js';
export { where } from './ops/elementwise.js';
export { sgdStep, adamStep } from './ops/optimizer-steps.js';
// tensor ops (API.md 0.2), also Tensor methods where PyTorch has the method
export { chunk, split } from './ops/splitting.js';
export { gather, scatter, scatterAdd, indexSelect, indexAdd, maskedFill } from './ops/indexing.js';
export { flip, roll, repeat } from './ops/rearranging.js';
export { sort, argsort, topk, type SortOptions, type TopkOptions, type ValuesAndIndices } from './ops/sorting.js';
export { cumsum } from './ops/cumsum.js';
export { logsumexp } from './ops/logsumexp.js';
export { norm, type NormOptions, type NormOrder } from './ops/norm.js';
export { all, any } from './ops/logical.js';
export { abs, sign, minimum, maximum } from './ops/elementwise.js';
export { clamp, type ClampOptions } from './ops/clamp.js';

// autograd and memory
export { noGrad, isGradEnabled } from './autograd/grad-mode.js';
export { composite } from './autograd/composite.js';
export { gradcheck, type GradcheckOptions } from './autograd/gradcheck.js';
export { gradgradcheck } from './autograd/gradgradcheck.js';
export { grad, type BackwardOptions } from './autograd/backward.js';
export { tidy, keep } from './memory/scope.js';
export { memory } from './memory/storage.js';

// functional ops and serialization
export * as functional from './functional/index.js';
export { saveSafetensors, saveSafetensorsAsync, loadSafetensors, readSafetensorsMetadata } from './io/safetensors.js';
