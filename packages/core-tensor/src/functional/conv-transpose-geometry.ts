import type { ConvGeometry } from '../backend/backend.js';
import type { Tensor } from '../tensor.js';
import { spatialTuple, to3d } from './conv-geometry.js';
import type { ConvTransposeOptions } from './conv-transpose.js';

/**
 * The geometry of the convolution whose input gradient a transposed convolution is:
 * out = (in − 1)·s − 2p + d·(k − 1) + outputPadding + 1, with outputPadding < max(s, d) as PyTorch requires.
 */
export function convGeometryOf(op: string, x: Tensor, w: Tensor, opts: ConvTransposeOptions): ConvGeometry {
  const [n, c, h, wIn] = x.shape as [number, number, number, number];
  const [wc, outPerGroup, kh, kw] = w.shape as [number, number, number, number];
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`${op}: groups must be a positive integer but got ${groups}`);
  if (wc !== c) throw new Error(`${op}: weight has ${wc} input channels (dim 0) but input has ${c} channels (expected equal)`);
  if (c % groups !== 0) throw new Error(`${op}: input has ${c} channels, which groups=${groups} does not divide`);
  const stride = spatialTuple(op, 'stride', opts.stride ?? 1, 2, 1);
  const padding = spatialTuple(op, 'padding', opts.padding ?? 0, 2, 0);
  const dilation = spatialTuple(op, 'dilation', opts.dilation ?? 1, 2, 1);
  const outputPadding = spatialTuple(op, 'outputPadding', opts.outputPadding ?? 0, 2, 0);
  outputPadding.forEach((p, i) => {
    if (p >= Math.max(stride[i]!, dilation[i]!)) {
      throw new Error(`${op}: outputPadding ${p} in spatial dim ${i} must be smaller than stride ${stride[i]} or dilation ${dilation[i]}`);
    }
  });
  const kernel = [kh, kw];
  const inSize = [h, wIn];
  const outSize = inSize.map((s, i) => (s - 1) * stride[i]! - 2 * padding[i]! + dilation[i]! * (kernel[i]! - 1) + outputPadding[i]! + 1);
  outSize.forEach((s, i) => {
    if (s <= 0)
      throw new Error(
        `${op}: output size ${s} in spatial dim ${i} is not positive (input ${inSize[i]}, stride ${stride[i]}, padding ${padding[i]}, kernel ${kernel[i]})`,
      );
  });
  // Seen from the convolution it transposes: that conv reads our output and writes our input.
  return {
    batch: n,
    inChannels: outPerGroup * groups,
    outChannels: c,
    groups,
    inSize: to3d(outSize, 1),
    kernel: to3d(kernel, 1),
    stride: to3d(stride, 1),
    dilation: to3d(dilation, 1),
    padBefore: to3d(padding, 0),
    outSize: to3d(inSize, 1),
  };
}
