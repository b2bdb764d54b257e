import type { functional as F } from '@stride/core-tensor';
import { registerFamily, type Family, type OpSpec } from '../harness/family.js';
import { activations } from './activations.js';
import { autograd } from './autograd.js';
import { secondOrder } from './second-order.js';
import { batchNorm } from './batch-norm.js';
import { transposedConvolution } from './conv-transpose.js';
import { convolutions } from './convolutions.js';
import { creation } from './creation.js';
import { dropout } from './dropout.js';
import { elementwise } from './elementwise.js';
import { linearAndMatmul } from './linear-matmul.js';
import { losses } from './losses.js';
import { memoryAndDisposal } from './memory.js';
import { pooling } from './pooling.js';
import { poolingIndices } from './pooling-indices.js';
import { poolingNd } from './pooling-nd.js';
import { resampling } from './resampling.js';
import { reductions } from './reductions.js';
import { serialization } from './serialization.js';
import { shapeOps } from './shape-ops.js';
import { softmax } from './softmax.js';
import { indexing } from './indexing.js';
import { sorting } from './sorting.js';
import { rearranging } from './rearranging.js';
import { tensorMath } from './tensor-math.js';

/** Every family, in the order they report. */
export const FAMILIES: readonly Family[] = [
  creation,
  elementwise,
  reductions,
  shapeOps,
  linearAndMatmul,
  convolutions,
  transposedConvolution,
  pooling,
  poolingNd,
  poolingIndices,
  resampling,
  activations,
  softmax,
  dropout,
  batchNorm,
  losses,
  autograd,
  secondOrder,
  memoryAndDisposal,
  serialization,
  indexing,
  sorting,
  rearranging,
  tensorMath,
];

/**
 * Every function of core's `functional` namespace, and the tensor methods with PyTorch fixtures,
 * mapped to its tests. A function exported without an entry here (its fixture call, gradchecks
 * and error cases in its family) is a compile error.
 */
export type OpTable = { readonly [K in keyof typeof F]: OpSpec } & Readonly<Record<string, OpSpec>>;

export const OPS = {
  ...elementwise.ops,
  ...reductions.ops,
  ...shapeOps.ops,
  ...linearAndMatmul.ops,
  ...convolutions.ops,
  ...transposedConvolution.ops,
  ...pooling.ops,
  ...poolingNd.ops,
  ...poolingIndices.ops,
  ...resampling.ops,
  ...activations.ops,
  ...softmax.ops,
  ...dropout.ops,
  ...batchNorm.ops,
  ...losses.ops,
  ...indexing.ops,
  ...sorting.ops,
  ...rearranging.ops,
  ...tensorMath.ops,
} satisfies OpTable;

/** Registers every family under the current describe. */
export function registerFamilies(): void {
  for (const family of FAMILIES) registerFamily(family);
}
