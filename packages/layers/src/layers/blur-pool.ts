import { functional as F, noGrad, tensor, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import type { ReceptiveWindow } from '../module/receptive-field.js';
import { checkCounts, tupleOf } from './args.js';
import { MaxPool2d } from './pooling.js';
import { Sequential } from './sequential.js';

type IntOrTuple = number | readonly number[];

export interface BlurPool2dOptions {
  /** Taps of the binomial filter along each axis, 1 to 7 (default 3: [1, 2, 1]⊗[1, 2, 1]/16). */
  filterSize?: number;
  /** Default 2. */
  stride?: IntOrTuple;
  /** antialiased-cnns' pad_type (default 'reflect'). */
  padMode?: F.BlurPadMode;
}

/**
 * Anti-aliased downsampling (Zhang 2019), antialiased-cnns' BlurPool: a fixed depthwise binomial
 * filter on the reflect-padded input, then a stride. Its buffer `filt` ([channels, 1, f, f], the
 * normalised filter, persistent) keeps an antialiased-cnns state dict loading by name; the
 * forward pass runs F.blurPool2d, whose filter is that same fixed one.
 */
export class BlurPool2d extends Module {
  readonly filterSize: number;
  readonly stride: IntOrTuple;
  readonly padMode: F.BlurPadMode;
  filt!: Tensor;

  constructor(
    readonly channels: number,
    opts: BlurPool2dOptions = {},
  ) {
    super();
    checkCounts('BlurPool2d', { channels });
    this.filterSize = opts.filterSize ?? 3;
    this.stride = opts.stride ?? 2;
    this.padMode = opts.padMode ?? 'reflect';
    if (!Number.isInteger(this.filterSize) || this.filterSize < 1 || this.filterSize > 7) {
      throw new Error(`BlurPool2d: filterSize must be an integer from 1 to 7 but got ${this.filterSize}`);
    }
    tupleOf('BlurPool2d', 'stride', this.stride, 2, 1);
    if (!['reflect', 'replicate', 'zero'].includes(this.padMode)) {
      throw new Error(`BlurPool2d: padMode must be 'reflect', 'replicate' or 'zero' but got '${this.padMode}'`);
    }
    this.registerBuffer('filt', binomialFilter(channels, this.filterSize));
  }

  forward(x: Tensor): Tensor {
    const channels = x.shape[x.ndim - 3];
    if (x.ndim >= 3 && channels !== this.channels) {
      throw new Error(
        `BlurPool2d: input has ${channels} channels but the layer was made for ${this.channels} (shape [${x.shape.join(', ')}])`,
      );
    }
    return F.blurPool2d(x, { filterSize: this.filterSize, stride: this.stride, padMode: this.padMode });
  }

  override receptiveWindow(): ReceptiveWindow {
    return {
      kernelSize: [this.filterSize, this.filterSize],
      stride: tupleOf('BlurPool2d', 'stride', this.stride, 2, 1),
      dilation: [1, 1],
    };
  }
}

export interface MaxBlurPool2dOptions {
  /** The max pooling's window (default 2), run at stride 1. */
  kernelSize?: IntOrTuple;
  filterSize?: number;
  stride?: IntOrTuple;
}

/**
 * Zhang 2019's MaxBlurPool: MaxPool2d(kernelSize, stride 1) then BlurPool2d(channels, filterSize,
 * stride), a Sequential as antialiased-cnns builds it, so its state-dict keys (`1.filt`) match.
 */
export class MaxBlurPool2d extends Sequential {
  constructor(channels: number, opts: MaxBlurPool2dOptions = {}) {
    super(
      new MaxPool2d(opts.kernelSize ?? 2, { stride: 1 }),
      new BlurPool2d(channels, { filterSize: opts.filterSize ?? 3, stride: opts.stride ?? 2 }),
    );
  }
}

/** antialiased-cnns' `get_filter`, repeated per channel: [C, 1, f, f] of row⊗row / Σ(row⊗row). */
function binomialFilter(channels: number, filterSize: number): Tensor {
  const row = [1];
  for (let k = 1; k < filterSize; k++) row.push((row[k - 1]! * (filterSize - k)) / k);
  const total = row.reduce((a, b) => a + b, 0) ** 2;
  const plane = row.flatMap((a) => row.map((b) => (a * b) / total));
  const values = Float32Array.from({ length: channels * plane.length }, (_, i) => plane[i % plane.length]!);
  return noGrad(() => tensor(values, [channels, 1, filterSize, filterSize]));
}
