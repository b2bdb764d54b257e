// `@stride/core-tensor/backend`: what a backend author needs. A model author imports the root.
export type {
  Backend,
  Capabilities,
  DataId,
  Dense,
  View,
  RequiredKernels,
  OptionalKernels,
  Kernels,
  UnaryOp,
  BinaryOp,
  ReduceOp,
  ArgReduceOp,
  ConvGeometry,
  PoolGeometry,
  AvgPoolOptions,
  RandomOptions,
  SgdUpdate,
  AdamUpdate,
  BatchNormForward,
  BatchNormGrads,
  ScatterMode,
  SortResult,
} from './backend.js';
export type * from './pooling-geometry.js';
export { defineBackend, type DefineBackendOptions, type DeclaredCapabilities } from './define-backend.js';
export { registerDefaultBackend } from './registry.js';
export { defaults, defaultKernels, type DefaultKernel } from './defaults/index.js';
export { convGemm, type ConvGemm } from './conv-gemm.js';
export { denseView, broadcastView, permuteView } from './views.js';
export { avgPoolDivisor, reciprocalDivisors } from './defaults/avg-pool.js';
export { uniformAt, normalAt, pcgHash } from '../random/counter-hash.js';
export { allocate, bytesPerElement } from '../dtype.js';
export { sizeOf, contiguousStrides } from '../shape.js';
export {
  padModePlan,
  interpolatePlan,
  blurPoolPlan,
  binomialRow,
  invertAxis,
  resampledShape,
  type ResampleAxis,
  type ResamplePlan,
} from './resample-plan.js';
export { adaptiveWindow, widestAdaptiveWindow, fractionalStarts, fractionalAlpha } from './pool-windows.js';
export { avgPool3dDivisor, reciprocalDivisors3d } from './defaults/pool3d.js';
