import type { AvgPoolOptions, Pool3dGeometry, PoolGeometry } from '../backend/backend.js';
import { record } from '../autograd/record.js';
import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { assertDtype } from '../ops/checks.js';
import { fromKernel } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import { matmul } from '../ops/matmul.js';
import { mean } from '../ops/reduce.js';
import { tensor } from '../ops/creation.js';
import { formatShape } from '../shape.js';
import { spatialTuple, type IntOrTuple } from './conv-geometry.js';
import { withBatchDim } from './conv.js';
import { pool1dGeometry, pool3dGeometry, poolGeometry, type PoolOptions } from './pool-geometry.js';
import { reshape, squeeze, unsqueeze } from '../ops/shape-ops.js';

export type { PoolOptions } from './pool-geometry.js';

export interface AvgPool2dOptions extends Omit<PoolOptions, 'dilation'> {
  countIncludePad?: boolean;
  divisorOverride?: number;
}

/** Average pooling with PyTorch's divisor rules (countIncludePad, divisorOverride, ceilMode overhang). */
export function avgPool2d(input: Tensor, opts: AvgPool2dOptions): Tensor {
  return withBatchDim(2, input, (x) => {
    assertDtype('avgPool2d', 'input', x, ['float32', 'float64']);
    return planeAvgPool('avgPool2d', x, poolGeometry('avgPool2d', x, { ...opts, dilation: 1 }), avgOptions('avgPool2d', opts));
  });
}

export interface AvgPool1dOptions extends Omit<PoolOptions, 'dilation'> {
  countIncludePad?: boolean;
}

/** 1-D average pooling over [N, C, L] (or [C, L]): 2-D average pooling of [N, C, 1, L] with a one-row window. */
export function avgPool1d(input: Tensor, opts: AvgPool1dOptions): Tensor {
  return withBatchDim(1, input, (x) => {
    assertDtype('avgPool1d', 'input', x, ['float32', 'float64']);
    const g = pool1dGeometry('avgPool1d', x, { ...opts, dilation: 1 });
    return composite(() => {
      const y = planeAvgPool('avgPool1d', reshape(x, [g.batch, g.channels, 1, g.inSize[1]]), g, avgOptions('avgPool1d', opts));
      return reshape(y, [g.batch, g.channels, g.outSize[1]]);
    });
  });
}

/** 3-D average pooling over [N, C, D, H, W] (or [C, D, H, W]), PyTorch's divisor rules. */
export function avgPool3d(input: Tensor, opts: AvgPool2dOptions): Tensor {
  return withBatchDim(3, input, (x) => {
    assertDtype('avgPool3d', 'input', x, ['float32', 'float64']);
    const g = pool3dGeometry('avgPool3d', x, { ...opts, dilation: 1 });
    const avg = avgOptions('avgPool3d', opts);
    const id = withDense([[x, 'avgPool3d', 'input']], ([xd]) => x.backend.avgPool3d(xd, g, avg));
    const y = fromKernel(x.backend, id, [g.batch, g.channels, ...g.outSize], x.dtype);
    return record('avgPool3d', [x], y, (dy) => [avgPool3dBackward(dy, g, avg, x)]);
  });
}

function planeAvgPool(op: string, x: Tensor, g: PoolGeometry, avg: AvgPoolOptions): Tensor {
  const id = withDense([[x, op, 'input']], ([xd]) => x.backend.avgPool2d(xd, g, avg));
  const y = fromKernel(x.backend, id, [g.batch, g.channels, g.outSize[0], g.outSize[1]], x.dtype);
  return record(op, [x], y, (dy) => [planeAvgPoolBackward(op, dy, g, avg, x)]);
}

/** Average pooling's adjoint, linear in dy: its own gradient is the forward pooling again. */
function planeAvgPoolBackward(op: string, dy: Tensor, g: PoolGeometry, avg: AvgPoolOptions, x: Tensor): Tensor {
  const dx = withDense([[dy, `${op} backward`, 'grad']], ([dyd]) => x.backend.avgPool2dBackward(dyd, g, avg));
  return record(`${op}Backward`, [dy], fromKernel(x.backend, dx, x.shape, x.dtype), (ddx) => [planeAvgPool(op, ddx, g, avg)]);
}

function avgPool3dBackward(dy: Tensor, g: Pool3dGeometry, avg: AvgPoolOptions, x: Tensor): Tensor {
  const dx = withDense([[dy, 'avgPool3d backward', 'grad']], ([dyd]) => x.backend.avgPool3dBackward(dyd, g, avg));
  return record('avgPool3dBackward', [dy], fromKernel(x.backend, dx, x.shape, x.dtype), (ddx) => {
    const id = withDense([[ddx, 'avgPool3d', 'input']], ([d]) => x.backend.avgPool3d(d, g, avg));
    return [fromKernel(x.backend, id, dy.shape, x.dtype)];
  });
}

function avgOptions(op: string, opts: { countIncludePad?: boolean; divisorOverride?: number }): AvgPoolOptions {
  if (opts.divisorOverride !== undefined && (!Number.isInteger(opts.divisorOverride) || opts.divisorOverride === 0)) {
    throw new Error(`${op}: divisorOverride must be a non-zero integer but got ${opts.divisorOverride}`);
  }
  return { countIncludePad: opts.countIncludePad ?? true, divisorOverride: opts.divisorOverride };
}

/**
 * Adaptive average pooling: output cell i covers [⌊i·in/out⌋, ⌈(i+1)·in/out⌉). Written as
 * Pₕ · x · P_wᵀ with averaging matrices, so matmul supplies the gradient; size 1 is a mean.
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: IntOrTuple): Tensor {
  return withBatchDim(2, input, (x) => {
    if (x.ndim !== 4)
      throw new Error(`adaptiveAvgPool2d: input must be 4-D [N, C, H, W] (or 3-D unbatched) but got shape ${formatShape(x.shape)}`);
    const [oh, ow] = spatialTuple('adaptiveAvgPool2d', 'outputSize', outputSize, 2, 1) as [number, number];
    const [h, w] = x.shape.slice(2) as [number, number];
    if (oh === 1 && ow === 1) return mean(x, [2, 3], true);
    return composite(() => {
      const ph = averagingMatrix(x, oh, h, false);
      const pwT = averagingMatrix(x, ow, w, true);
      return matmul(matmul(ph, x), pwT);
    });
  });
}

/** Adaptive average pooling over [N, C, L] (or [C, L]): the 2-D op on [N, C, 1, L], as PyTorch computes it. */
export function adaptiveAvgPool1d(input: Tensor, outputSize: IntOrTuple): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new Error(`adaptiveAvgPool1d: input must be 3-D [N, C, L] (or 2-D unbatched) but got shape ${formatShape(input.shape)}`);
  }
  const [out] = spatialTuple('adaptiveAvgPool1d', 'outputSize', outputSize, 1, 1) as [number];
  return composite(() => squeeze(adaptiveAvgPool2d(unsqueeze(input, -2), [1, out]), -2));
}

function averagingMatrix(like: Tensor, out: number, size: number, transposed: boolean): Tensor {
  const values = new Float64Array(out * size);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) values[transposed ? j * out + i : i * size + j] = 1 / (end - start);
  }
  return tensor(values, transposed ? [size, out] : [out, size], { dtype: like.dtype, backend: like.backend });
}
