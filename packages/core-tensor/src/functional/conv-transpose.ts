import type { ConvGeometry } from '../backend/backend.js';
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { convGeometryOf } from './conv-transpose-geometry.js';
import { addChannelBias, checkConvArgs, convBackwardInput, convBackwardWeight, withBatchDim } from './conv.js';
import { fromKernel } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import type { IntOrTuple } from './conv-geometry.js';

export interface ConvTransposeOptions {
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  outputPadding?: IntOrTuple;
  groups?: number;
  dilation?: IntOrTuple;
}

/**
 * The transposed convolution is the input gradient of the convolution that maps its output
 * back to its input, so it reuses that kernel; its own gradients are that conv's forward pass
 * (for x) and weight gradient (for w). Weight layout [in, out/groups, kH, kW] as PyTorch.
 */
export function convTranspose2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTransposeOptions = {}): Tensor {
  const op = 'convTranspose2d';
  return withBatchDim(2, input, (x) => {
    checkConvArgs(op, 2, x, weight, bias, () => (weight.shape[1] ?? 0) * (opts.groups ?? 1));
    const g = convGeometryOf(op, x, weight, opts);
    const y = transposedCore(x, weight, g);
    return bias ? addChannelBias(y, bias) : y;
  });
}

function transposedCore(x: Tensor, w: Tensor, g: ConvGeometry): Tensor {
  const outShape = [g.batch, g.inChannels, g.inSize[1], g.inSize[2]];
  const y = convBackwardInput(x, w, g, outShape);
  return record('convTranspose2d', [x, w], y, (dy) => [
    x.requiresGrad ? convForward(dy, w, g, x.shape) : null,
    w.requiresGrad ? convBackwardWeight(dy, x, g, w.shape) : null,
  ]);
}

function convForward(x: Tensor, w: Tensor, g: ConvGeometry, outShape: readonly number[]): Tensor {
  const id = withDense(
    [
      [x, 'tensor', 'input'],
      [w, 'tensor', 'input'],
    ],
    ([xd, wd]) => x.backend.conv(xd, wd, g),
  );
  return fromKernel(x.backend, id, outShape, x.dtype);
}
