import type { ConvGeometry } from '../backend/backend.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';

export type IntOrTuple = number | readonly number[];
export type ConvPadding = IntOrTuple | 'same' | 'valid';

export interface ConvOptions {
  stride?: IntOrTuple;
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
}

/** Expands a number or tuple to one value per spatial dim, checking its length and range. */
export function spatialTuple(op: string, arg: string, value: IntOrTuple, rank: number, min: number): number[] {
  const values = typeof value === 'number' ? new Array<number>(rank).fill(value) : [...value];
  if (values.length !== rank) {
    throw new Error(`${op}: ${arg} must be a number or ${rank} numbers but got [${values.join(', ')}]`);
  }
  for (const v of values) {
    if (!Number.isInteger(v) || v < min) {
      const bound = min === 0 ? 'non-negative' : min === 1 ? 'positive' : `≥ ${min}`;
      throw new Error(`${op}: ${arg} must be ${bound} integers but got ${typeof value === 'number' ? value : `[${values.join(', ')}]`}`);
    }
  }
  return values;
}

/** Pads each spatial dim to the 3-D form the kernels use (leading dims of size 1). */
export function to3d(values: readonly number[], fill: number): [number, number, number] {
  const out = [fill, fill, fill];
  values.forEach((v, i) => (out[3 - values.length + i] = v));
  return out as [number, number, number];
}

/**
 * The shape rule of convolution, checked once at the op's entry: channels against groups, the
 * dilated kernel against the padded input, and the output size floor((in + 2p − d(k−1) − 1)/s) + 1.
 */
export function convGeometry(op: string, rank: number, x: Tensor, w: Tensor, opts: ConvOptions): ConvGeometry {
  const [n, c] = x.shape as [number, number];
  const [o, cPerGroup] = w.shape as [number, number];
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`${op}: groups must be a positive integer but got ${groups}`);
  if (c % groups !== 0) throw new Error(`${op}: input has ${c} channels, which groups=${groups} does not divide`);
  if (cPerGroup * groups !== c) {
    throw new Error(
      `${op}: weight has ${cPerGroup} input channels per group but input has ${c} channels and groups=${groups} (expected ${c / groups})`,
    );
  }
  if (o % groups !== 0) throw new Error(`${op}: weight has ${o} output channels, which groups=${groups} does not divide`);
  const kernelSizes = w.shape.slice(2);
  if (kernelSizes.some((k) => k < 1)) {
    throw new Error(
      `${op}: weight has kernel size ${formatShape(kernelSizes)} (shape ${formatShape(w.shape)}); expected every kernel size ≥ 1`,
    );
  }
  const stride = spatialTuple(op, 'stride', opts.stride ?? 1, rank, 1);
  const dilation = spatialTuple(op, 'dilation', opts.dilation ?? 1, rank, 1);
  const inSize = x.shape.slice(2);
  const kernel = w.shape.slice(2);
  const padding = opts.padding ?? 0;
  let padBefore: number[];
  let padTotal: number[];
  if (padding === 'same') {
    if (stride.some((s) => s !== 1))
      throw new Error(`${op}: padding='same' is not supported for strided convolutions (stride [${stride.join(', ')}])`);
    // PyTorch puts the odd pixel of an even total on the far side.
    padTotal = kernel.map((k, i) => dilation[i]! * (k - 1));
    padBefore = padTotal.map((t) => Math.floor(t / 2));
  } else if (padding === 'valid') {
    padBefore = new Array<number>(rank).fill(0);
    padTotal = padBefore;
  } else {
    padBefore = spatialTuple(op, 'padding', padding, rank, 0);
    padTotal = padBefore.map((p) => 2 * p);
  }
  const outSize = inSize.map((size, i) => {
    const effective = dilation[i]! * (kernel[i]! - 1) + 1;
    const padded = size + padTotal[i]!;
    if (effective > padded) {
      throw new Error(
        `${op}: kernel size ${formatShape(kernel)} with dilation ${formatShape(dilation)} spans ${effective} in spatial dim ${i} ` +
          `but the padded input is only ${padded} (input ${formatShape(inSize)} plus padding); expected kernel ≤ padded input`,
      );
    }
    return Math.floor((padded - effective) / stride[i]!) + 1;
  });
  return {
    batch: n,
    inChannels: c,
    outChannels: o,
    groups,
    inSize: to3d(inSize, 1),
    kernel: to3d(kernel, 1),
    stride: to3d(stride, 1),
    dilation: to3d(dilation, 1),
    padBefore: to3d(padBefore, 0),
    outSize: to3d(outSize, 1),
  };
}
