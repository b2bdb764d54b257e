import type { ConvGeometry } from '../backend/backend.js';
import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { assertSameBackend, assertDtype } from '../ops/checks.js';
import { squeeze, unsqueeze } from '../ops/shape-ops.js';
import { channelAffine } from './channel-affine.js';
import { convGeometry, type ConvOptions } from './conv-geometry.js';
import { convOp } from './conv-kernels.js';

export type { ConvOptions } from './conv-geometry.js';

export const conv1d = (x: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor =>
  convNd('conv1d', 1, x, weight, bias, opts);
export const conv2d = (x: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor =>
  convNd('conv2d', 2, x, weight, bias, opts);
export const conv3d = (x: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor =>
  convNd('conv3d', 3, x, weight, bias, opts);

/** Checks the arguments every conv op shares: backends, dtypes, ranks, bias length. */
export function checkConvArgs(
  op: string,
  rank: number,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  biasLength: number | (() => number),
): void {
  assertSameBackend(op, [
    ['input', x],
    ['weight', weight],
    ['bias', bias],
  ]);
  assertDtype(op, 'input', x, ['float32', 'float64']);
  assertDtype(op, 'weight', weight, [x.dtype]);
  if (weight.ndim !== rank + 2) {
    throw new Error(`${op}: weight must be ${rank + 2}-D [out, in/groups, ${kernelDims(rank)}] but got shape ${formatShape(weight.shape)}`);
  }
  if (x.ndim !== rank + 2) {
    throw new Error(
      `${op}: input must be ${rank + 2}-D [N, C, ${spatialDims(rank)}] (or ${rank + 1}-D unbatched) but got shape ${formatShape(x.shape)}`,
    );
  }
  if (bias) assertDtype(op, 'bias', bias, [x.dtype], 'it must match the input');
  const expected = typeof biasLength === 'number' ? biasLength : biasLength();
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== expected)) {
    throw new Error(`${op}: bias has shape ${formatShape(bias.shape)} but expected [${expected}] (one per output channel)`);
  }
}

const spatialDims = (rank: number) => ['D', 'H', 'W'].slice(3 - rank).join(', ');
const kernelDims = (rank: number) => ['kD', 'kH', 'kW'].slice(3 - rank).join(', ');

/** Runs `fn` on a batch of one when PyTorch's unbatched form (no N dim) is given. */
export function withBatchDim(rank: number, x: Tensor, fn: (batched: Tensor) => Tensor): Tensor {
  if (x.ndim !== rank + 1) return fn(x);
  return composite(() => squeeze(fn(unsqueeze(x, 0)), 0));
}

/** Adds a per-channel bias to [N, C, ...spatial] in one pass (channelAffine with a shift only). */
export function addChannelBias(y: Tensor, bias: Tensor): Tensor {
  return channelAffine(y, null, bias);
}

function convNd(op: string, rank: number, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: ConvOptions): Tensor {
  return withBatchDim(rank, input, (x) => {
    checkConvArgs(op, rank, x, weight, bias, weight.shape[0] ?? 0);
    const g = convGeometry(op, rank, x, weight, opts);
    const y = convCore(op, x, weight, g, rank);
    return bias ? addChannelBias(y, bias) : y;
  });
}

/** The differentiable convolution without bias: its gradients are the other two conv kernels. */
function convCore(op: string, x: Tensor, w: Tensor, g: ConvGeometry, rank: number): Tensor {
  return convOp(op, x, w, g, [g.batch, g.outChannels, ...g.outSize.slice(3 - rank)]);
}
