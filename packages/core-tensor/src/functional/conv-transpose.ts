import type { ConvGeometry } from '../backend/backend.js';
import type { Tensor } from '../tensor.js';
import { convGeometryOf } from './conv-transpose-geometry.js';
import { addChannelBias, checkConvArgs, withBatchDim } from './conv.js';
import { convInputGrad } from './conv-kernels.js';
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

/** The input gradient of the convolution g describes: its own gradients follow from that op's. */
function transposedCore(x: Tensor, w: Tensor, g: ConvGeometry): Tensor {
  return convInputGrad(x, w, g, [g.batch, g.inChannels, g.inSize[1], g.inSize[2]], { op: 'convTranspose2d', dy: 'input' });
}
