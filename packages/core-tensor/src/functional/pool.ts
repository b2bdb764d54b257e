import type { AvgPoolOptions, PoolGeometry } from '../backend/backend.js';
import { record } from '../autograd/record.js';
import { adopt, composite } from '../autograd/composite.js';
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
import { poolGeometry, type PoolOptions } from './pool-geometry.js';

export type { PoolOptions } from './pool-geometry.js';

export interface AvgPool2dOptions extends Omit<PoolOptions, 'dilation'> {
  countIncludePad?: boolean;
  divisorOverride?: number;
}

/** Max pooling; the gradient goes to the first maximum of each window in scan order (PyTorch's tie rule). */
export function maxPool2d(input: Tensor, opts: PoolOptions): Tensor {
  return withBatchDim(2, input, (x) => {
    assertDtype('maxPool2d', 'input', x, ['float32', 'float64']);
    const g = poolGeometry('maxPool2d', x, opts);
    const { out, argmax } = withDense([[x, 'maxPool2d', 'input']], ([xd]) => x.backend.maxPool2d(xd, g));
    const shape = [g.batch, g.channels, g.outSize[0], g.outSize[1]];
    const y = fromKernel(x.backend, out, shape, x.dtype);
    const indices = fromKernel(x.backend, argmax, shape, 'int32');
    const result = record('maxPool2d', [x], y, (dy) => [maxPoolBackward(dy, indices, g, x)]);
    adopt(result, [indices]);
    return result;
  });
}

function maxPoolBackward(dy: Tensor, indices: Tensor, g: PoolGeometry, x: Tensor): Tensor {
  const operands = [
    [dy, 'maxPool2d backward', 'grad'],
    [indices, 'maxPool2d backward', 'indices'],
  ] as const;
  const id = withDense(operands, ([dyd, indicesd]) => x.backend.maxPool2dBackward(dyd, indicesd, g));
  return fromKernel(x.backend, id, x.shape, x.dtype);
}

/** Average pooling with PyTorch's divisor rules (countIncludePad, divisorOverride, ceilMode overhang). */
export function avgPool2d(input: Tensor, opts: AvgPool2dOptions): Tensor {
  return withBatchDim(2, input, (x) => {
    assertDtype('avgPool2d', 'input', x, ['float32', 'float64']);
    const g = poolGeometry('avgPool2d', x, { ...opts, dilation: 1 });
    if (opts.divisorOverride !== undefined && (!Number.isInteger(opts.divisorOverride) || opts.divisorOverride === 0)) {
      throw new Error(`avgPool2d: divisorOverride must be a non-zero integer but got ${opts.divisorOverride}`);
    }
    const avg: AvgPoolOptions = { countIncludePad: opts.countIncludePad ?? true, divisorOverride: opts.divisorOverride };
    const id = withDense([[x, 'avgPool2d', 'input']], ([xd]) => x.backend.avgPool2d(xd, g, avg));
    const y = fromKernel(x.backend, id, [g.batch, g.channels, g.outSize[0], g.outSize[1]], x.dtype);
    return record('avgPool2d', [x], y, (dy) => {
      const dx = withDense([[dy, 'avgPool2d backward', 'grad']], ([dyd]) => x.backend.avgPool2dBackward(dyd, g, avg));
      return [fromKernel(x.backend, dx, x.shape, x.dtype)];
    });
  });
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

function averagingMatrix(like: Tensor, out: number, size: number, transposed: boolean): Tensor {
  const values = new Float64Array(out * size);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) values[transposed ? j * out + i : i * size + j] = 1 / (end - start);
  }
  return tensor(values, transposed ? [size, out] : [out, size], { dtype: like.dtype, backend: like.backend });
}
