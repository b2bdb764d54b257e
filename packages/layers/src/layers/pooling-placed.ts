import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { PoolingWindow } from './pooling-window.js';
import type { ReceptiveWindow } from '../module/receptive-field.js';
import { tupleOf } from './args.js';
import { largestAdaptiveWindow } from './pooling.js';

type IntOrTuple = number | readonly number[];

/** nn.AdaptiveMaxPool2d: output [N, C, ...outputSize] whatever the input's H and W (null keeps that dim). */
export class AdaptiveMaxPool2d extends Module {
  constructor(readonly outputSize: number | readonly (number | null)[]) {
    super();
    const values = typeof outputSize === 'number' ? [outputSize, outputSize] : [...outputSize];
    if (values.length !== 2 || values.some((v) => v !== null && !(Number.isInteger(v) && v > 0))) {
      throw new Error(`AdaptiveMaxPool2d: outputSize must be a positive integer or 2 (or null) but got ${JSON.stringify(outputSize)}`);
    }
  }

  forward(x: Tensor): Tensor {
    return F.adaptiveMaxPool2d(x, this.outputSize);
  }

  /** torch's adaptive windows: output i pools [⌊i·n/out⌋, ⌈(i+1)·n/out⌉), n/out apart. */
  override receptiveWindow(inputShape: readonly number[]): ReceptiveWindow {
    const sizes = inputShape.slice(-2);
    const outs = sizes.map((n, i) => (typeof this.outputSize === 'number' ? this.outputSize : (this.outputSize[i] ?? n)));
    return {
      kernelSize: sizes.map((n, i) => largestAdaptiveWindow(n, outs[i]!)),
      stride: sizes.map((n, i) => n / outs[i]!),
      dilation: [1, 1],
    };
  }
}

export interface MaxUnpool2dOptions {
  /** Default: kernelSize. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
}

/**
 * nn.MaxUnpool2d: `forward(x, indices, outputSize?)` puts each value of x at its index (as
 * F.maxPool2d's returnIndices gives them) in a zero map, the partial inverse of that pooling.
 */
export class MaxUnpool2d extends PoolingWindow {
  constructor(kernelSize: IntOrTuple, opts: MaxUnpool2dOptions = {}) {
    super(kernelSize, opts);
    tupleOf('MaxUnpool2d', 'kernelSize', kernelSize, 2, 1);
    tupleOf('MaxUnpool2d', 'stride', this.stride, 2, 1);
    tupleOf('MaxUnpool2d', 'padding', this.padding, 2, 0);
  }

  forward(x: Tensor, ...rest: unknown[]): Tensor {
    const [indices, outputSize] = rest as [Tensor | undefined, readonly number[] | undefined];
    if (!indices) throw new Error('MaxUnpool2d: forward(x, indices, outputSize?) needs the indices of the pooling it undoes');
    return F.maxUnpool2d(x, indices, { kernelSize: this.kernelSize, stride: this.stride, padding: this.padding, outputSize });
  }

  /** Each output reads one input, inputs `stride` outputs apart: a transposed window, as ConvTranspose2d declares it. */
  override receptiveWindow(): ReceptiveWindow {
    const kernel = tupleOf('MaxUnpool2d', 'kernelSize', this.kernelSize, 2, 1);
    const stride = tupleOf('MaxUnpool2d', 'stride', this.stride, 2, 1);
    return { kernelSize: kernel.map((k, i) => Math.ceil(k / stride[i]!)), stride: stride.map((s) => 1 / s), dilation: [1, 1] };
  }
}

export interface FractionalMaxPool2dOptions {
  outputSize?: IntOrTuple;
  /** In (0, 1): the output is ⌊in·ratio⌋. */
  outputRatio?: number | readonly number[];
  /**
   * PyTorch's `_random_samples` ([N, C, 2]), kept as the buffer `_random_samples` (the module then
   * owns it); default: fresh samples from the seeded generator on each forward.
   */
  randomSamples?: Tensor;
}

/** nn.FractionalMaxPool2d (Graham 2014): max pooling at pseudo-random fractional strides. */
export class FractionalMaxPool2d extends Module {
  readonly outputSize: IntOrTuple | undefined;
  readonly outputRatio: number | readonly number[] | undefined;
  randomSamples!: Tensor | null;

  constructor(
    readonly kernelSize: IntOrTuple,
    opts: FractionalMaxPool2dOptions = {},
  ) {
    super();
    this.outputSize = opts.outputSize;
    this.outputRatio = opts.outputRatio;
    tupleOf('FractionalMaxPool2d', 'kernelSize', kernelSize, 2, 1);
    if (this.outputSize === undefined && this.outputRatio === undefined) {
      throw new Error('FractionalMaxPool2d: give an outputSize or an outputRatio (got neither)');
    }
    if (this.outputSize !== undefined && this.outputRatio !== undefined) {
      throw new Error('FractionalMaxPool2d: give only one of outputSize and outputRatio (got both)');
    }
    if (this.outputSize !== undefined) tupleOf('FractionalMaxPool2d', 'outputSize', this.outputSize, 2, 1);
    const ratios = this.outputRatio === undefined ? [] : typeof this.outputRatio === 'number' ? [this.outputRatio] : [...this.outputRatio];
    if (ratios.some((r) => !(r > 0 && r < 1))) {
      throw new Error(`FractionalMaxPool2d: outputRatio must be between 0 and 1 (exclusive) but got ${JSON.stringify(this.outputRatio)}`);
    }
    this.registerBuffer('randomSamples', opts.randomSamples ?? null, { key: '_random_samples' });
  }

  forward(x: Tensor): Tensor {
    const { kernelSize, outputSize, outputRatio, randomSamples } = this;
    return F.fractionalMaxPool2d(x, { kernelSize, outputSize, outputRatio, randomSamples: randomSamples ?? undefined });
  }

  /** Windows of kernelSize whose starts advance by in/out on average. */
  override receptiveWindow(inputShape: readonly number[]): ReceptiveWindow {
    const sizes = inputShape.slice(-2);
    const outs =
      this.outputSize !== undefined
        ? tupleOf('FractionalMaxPool2d', 'outputSize', this.outputSize, 2, 1)
        : sizes.map((n, i) =>
            Math.trunc(n * (typeof this.outputRatio === 'number' ? this.outputRatio : (this.outputRatio as number[])[i]!)),
          );
    return {
      kernelSize: tupleOf('FractionalMaxPool2d', 'kernelSize', this.kernelSize, 2, 1),
      stride: sizes.map((n, i) => n / outs[i]!),
      dilation: [1, 1],
    };
  }
}
