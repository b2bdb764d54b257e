import type { Pool3dGeometry, PoolGeometry } from '../backend/backend.js';
import { record } from '../autograd/record.js';
import { adopt } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { assertDtype } from '../ops/checks.js';
import { fromKernel } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import { reshape } from '../ops/shape-ops.js';
import { pool1dGeometry, pool3dGeometry, poolGeometry, type PoolOptions } from './pool-geometry.js';
import { callersIndices, compositeWithIndices, withBatchDimAndIndices, type WithIndices } from './with-indices.js';
import { gatherPlanes } from './plane-gather.js';

export interface MaxPoolOptions extends PoolOptions {
  /** Also return, per output, the flat index of its maximum within the input plane (int32), as PyTorch. */
  returnIndices?: boolean;
}

type Indexed = MaxPoolOptions & { returnIndices: true };
type Plain = MaxPoolOptions & { returnIndices?: false };

/** Max pooling; the gradient goes to the first maximum of each window in scan order (PyTorch's tie rule). */
export function maxPool2d(input: Tensor, opts: Indexed): WithIndices;
export function maxPool2d(input: Tensor, opts: Plain): Tensor;
export function maxPool2d(input: Tensor, opts: MaxPoolOptions): Tensor | WithIndices;
export function maxPool2d(input: Tensor, opts: MaxPoolOptions): Tensor | WithIndices {
  const pooled = withBatchDimAndIndices(2, input, (x) => {
    assertDtype('maxPool2d', 'input', x, ['float32', 'float64']);
    return planeMaxPool('maxPool2d', x, poolGeometry('maxPool2d', x, opts));
  });
  return opts?.returnIndices ? pooled : dropIndices(pooled);
}

/**
 * 1-D max pooling over [N, C, L] (or [C, L]): 2-D max pooling of [N, C, 1, L] with a one-row
 * window, whose in-plane indices h·L + w are then PyTorch's indices along L.
 */
export function maxPool1d(input: Tensor, opts: Indexed): WithIndices;
export function maxPool1d(input: Tensor, opts: Plain): Tensor;
export function maxPool1d(input: Tensor, opts: MaxPoolOptions): Tensor | WithIndices;
export function maxPool1d(input: Tensor, opts: MaxPoolOptions): Tensor | WithIndices {
  const pooled = withBatchDimAndIndices(1, input, (x) => {
    assertDtype('maxPool1d', 'input', x, ['float32', 'float64']);
    const g = pool1dGeometry('maxPool1d', x, opts);
    return compositeWithIndices(() => {
      const r = planeMaxPool('maxPool1d', reshape(x, [g.batch, g.channels, 1, g.inSize[1]]), g);
      return {
        output: reshape(r.output, [g.batch, g.channels, g.outSize[1]]),
        indices: reshape(r.indices, [g.batch, g.channels, g.outSize[1]]),
      };
    });
  });
  return opts?.returnIndices ? pooled : dropIndices(pooled);
}

/** 3-D max pooling over [N, C, D, H, W] (or [C, D, H, W]); indices are d·H·W + h·W + w within each volume. */
export function maxPool3d(input: Tensor, opts: Indexed): WithIndices;
export function maxPool3d(input: Tensor, opts: Plain): Tensor;
export function maxPool3d(input: Tensor, opts: MaxPoolOptions): Tensor | WithIndices;
export function maxPool3d(input: Tensor, opts: MaxPoolOptions): Tensor | WithIndices {
  const pooled = withBatchDimAndIndices(3, input, (x) => {
    assertDtype('maxPool3d', 'input', x, ['float32', 'float64']);
    const g = pool3dGeometry('maxPool3d', x, opts);
    const { out, argmax } = withDense([[x, 'maxPool3d', 'input']], ([xd]) => x.backend.maxPool3d(xd, g));
    const shape = [g.batch, g.channels, ...g.outSize];
    const indices = fromKernel(x.backend, argmax, shape, 'int32');
    const y = record('maxPool3d', [x], fromKernel(x.backend, out, shape, x.dtype), (dy) => [maxPool3dBackward(dy, indices, g, x)]);
    return keepForGradient(y, indices);
  });
  return opts?.returnIndices ? pooled : dropIndices(pooled);
}

/** The 2-D max-pool kernel on [N, C, H, W] with its gradient. */
function planeMaxPool(op: string, x: Tensor, g: PoolGeometry): WithIndices {
  const { out, argmax } = withDense([[x, op, 'input']], ([xd]) => x.backend.maxPool2d(xd, g));
  const outShape = [g.batch, g.channels, g.outSize[0], g.outSize[1]];
  const indices = fromKernel(x.backend, argmax, outShape, 'int32');
  const y = record(op, [x], fromKernel(x.backend, out, outShape, x.dtype), (dy) => [maxPoolBackward(dy, indices, g, x)]);
  return keepForGradient(y, indices);
}

/** The output's node owns the indices its rule reads; the caller gets a view of them. */
function keepForGradient(y: Tensor, indices: Tensor): WithIndices {
  const handed = callersIndices(indices);
  adopt(y, [indices]);
  return { output: y, indices: handed };
}

/** Drops the indices of a pooling the caller did not ask them of. */
function dropIndices(pooled: WithIndices): Tensor {
  pooled.indices.dispose();
  return pooled.output;
}

function maxPoolBackward(dy: Tensor, indices: Tensor, g: PoolGeometry, x: Tensor): Tensor {
  const operands = [
    [dy, 'maxPool2d backward', 'grad'],
    [indices, 'maxPool2d backward', 'indices'],
  ] as const;
  const id = withDense(operands, ([dyd, indicesd]) => x.backend.maxPool2dBackward(dyd, indicesd, g));
  // Linear in dy (the winners are fixed), so its own gradient gathers at the same indices.
  return record('maxPool2dBackward', [dy], fromKernel(x.backend, id, x.shape, x.dtype), (ddx) => [gatherPlanes(ddx, indices)]);
}

function maxPool3dBackward(dy: Tensor, indices: Tensor, g: Pool3dGeometry, x: Tensor): Tensor {
  const operands = [
    [dy, 'maxPool3d backward', 'grad'],
    [indices, 'maxPool3d backward', 'indices'],
  ] as const;
  const id = withDense(operands, ([dyd, indicesd]) => x.backend.maxPool3dBackward(dyd, indicesd, g));
  return record('maxPool3dBackward', [dy], fromKernel(x.backend, id, x.shape, x.dtype), (ddx) => [gatherPlanes(ddx, indices)]);
}
