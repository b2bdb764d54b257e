import type { WindowPoolGeometry } from '../backend/backend.js';
import { adopt } from '../autograd/composite.js';
import { record } from '../autograd/record.js';
import { gatherPlanes } from './plane-gather.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertDtype } from '../ops/checks.js';
import { fromKernel } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import { callersIndices, withBatchDimAndIndices, type WithIndices } from './with-indices.js';

/** A size per spatial dim; null keeps the input's size there (PyTorch's None). */
export type AdaptiveSize = number | readonly (number | null)[];

export interface AdaptiveMaxPoolOptions {
  returnIndices?: boolean;
}

/**
 * Adaptive max pooling: output cell i covers [⌊i·in/out⌋, ⌈(i+1)·in/out⌉) along each dim, and takes
 * its first maximum in scan order (the last NaN, as PyTorch's kernel). Input [N, C, H, W] or [C, H, W].
 */
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: AdaptiveSize,
  opts: AdaptiveMaxPoolOptions & { returnIndices: true },
): WithIndices;
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: AdaptiveSize,
  opts?: AdaptiveMaxPoolOptions & { returnIndices?: false },
): Tensor;
export function adaptiveMaxPool2d(input: Tensor, outputSize: AdaptiveSize, opts?: AdaptiveMaxPoolOptions): Tensor | WithIndices;
export function adaptiveMaxPool2d(input: Tensor, outputSize: AdaptiveSize, opts: AdaptiveMaxPoolOptions = {}): Tensor | WithIndices {
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new Error(`adaptiveMaxPool2d: input must be 4-D [N, C, H, W] (or 3-D unbatched) but got shape ${formatShape(input.shape)}`);
  }
  const pooled = withBatchDimAndIndices(2, input, (x) => {
    assertDtype('adaptiveMaxPool2d', 'input', x, ['float32', 'float64']);
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const [oh, ow] = adaptiveSizes('adaptiveMaxPool2d', outputSize, [h, w]) as [number, number];
    const g: WindowPoolGeometry = { batch: n, channels: c, inSize: [h, w], outSize: [oh, ow] };
    const { out, argmax } = withDense([[x, 'adaptiveMaxPool2d', 'input']], ([xd]) => x.backend.adaptiveMaxPool2d(xd, g));
    const shape = [n, c, oh, ow];
    const indices = fromKernel(x.backend, argmax, shape, 'int32');
    const y = record('adaptiveMaxPool2d', [x], fromKernel(x.backend, out, shape, x.dtype), (dy) => {
      const operands = [
        [dy, 'adaptiveMaxPool2d backward', 'grad'],
        [indices, 'adaptiveMaxPool2d backward', 'indices'],
      ] as const;
      const dx = withDense(operands, ([dyd, id]) => x.backend.adaptiveMaxPool2dBackward(dyd, id, g));
      // Linear in dy (the winners are fixed), so its own gradient gathers at the same indices.
      return [
        record('adaptiveMaxPool2dBackward', [dy], fromKernel(x.backend, dx, x.shape, x.dtype), (ddx) => [gatherPlanes(ddx, indices)]),
      ];
    });
    const handed = callersIndices(indices);
    adopt(y, [indices]);
    return { output: y, indices: handed };
  });
  if (opts.returnIndices) return pooled;
  pooled.indices.dispose();
  return pooled.output;
}

/** outputSize as one positive size per dim (null: the input's). */
export function adaptiveSizes(op: string, outputSize: AdaptiveSize, inSize: readonly number[]): number[] {
  const values = typeof outputSize === 'number' ? inSize.map(() => outputSize) : Array.isArray(outputSize) ? [...outputSize] : null;
  if (values === null || values.length !== inSize.length) {
    throw new Error(`${op}: outputSize must be a number or ${inSize.length} numbers (or null) but got ${JSON.stringify(outputSize)}`);
  }
  const sizes = values.map((v, i) => v ?? inSize[i]!);
  if (sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`${op}: outputSize must be positive integers but got ${formatShape(sizes)}`);
  }
  return sizes;
}
