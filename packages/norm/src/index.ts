// Functional normalisations, in PyTorch's argument order.
export { batchNorm, type BatchNormOptions } from './functional/batch-norm.js';
export { layerNorm, type LayerNormOptions } from './functional/layer-norm.js';
export { groupNorm, type GroupNormOptions } from './functional/group-norm.js';
export { instanceNorm, type InstanceNormOptions } from './functional/instance-norm.js';

// Modules, with PyTorch's parameter and buffer names.
export { NormBase, type NormBaseOptions } from './modules/norm-base.js';
export { BatchNormBase, BatchNorm1d, BatchNorm2d, type BatchNormLayerOptions } from './modules/batch-norm.js';
export { LayerNorm, type LayerNormLayerOptions } from './modules/layer-norm.js';
export { GroupNorm, type GroupNormLayerOptions } from './modules/group-norm.js';
export { InstanceNorm2d, type InstanceNormLayerOptions } from './modules/instance-norm.js';

export { fuseConvBn } from './fuse-conv-bn.js';
