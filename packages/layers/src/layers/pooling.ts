import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { PoolingWindow } from './pooling-window.js';
import type { ReceptiveWindow } from '../module/receptive-field.js';
import { tupleOf } from './args.js';

type IntOrTuple = number | readonly number[];

export interface MaxPool2dOptions {
  /** Default: kernelSize, as PyTorch. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceilMode?: boolean;
}

/** nn.MaxPool2d. */
export class MaxPool2d extends PoolingWindow {
  readonly dilation: IntOrTuple;
  readonly ceilMode: boolean;

  constructor(kernelSize: IntOrTuple, opts: MaxPool2dOptions = {}) {
    super(kernelSize, opts);
    this.dilation = opts.dilation ?? 1;
    this.ceilMode = opts.ceilMode ?? false;
    checkWindow('MaxPool2d', this);
  }

  forward(x: Tensor): Tensor {
    const { kernelSize, stride, padding, dilation, ceilMode } = this;
    return F.maxPool2d(x, { kernelSize, stride, padding, dilation, ceilMode });
  }

  override receptiveWindow(): ReceptiveWindow {
    return windowOf('MaxPool2d', this.kernelSize, this.stride, this.dilation);
  }
}

export interface AvgPool2dOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number;
}

/** nn.AvgPool2d. */
export class AvgPool2d extends PoolingWindow {
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | undefined;

  constructor(kernelSize: IntOrTuple, opts: AvgPool2dOptions = {}) {
    super(kernelSize, opts);
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride;
    checkWindow('AvgPool2d', { ...this, dilation: 1 });
    if (this.divisorOverride !== undefined && (!Number.isInteger(this.divisorOverride) || this.divisorOverride === 0)) {
      throw new Error(`AvgPool2d: divisorOverride must be a non-zero integer but got ${this.divisorOverride}`);
    }
  }

  forward(x: Tensor): Tensor {
    const { kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride } = this;
    return F.avgPool2d(x, { kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride });
  }

  override receptiveWindow(): ReceptiveWindow {
    return windowOf('AvgPool2d', this.kernelSize, this.stride, 1);
  }
}

/** nn.AdaptiveAvgPool2d: output [N, C, ...outputSize] whatever the input's H and W. */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: IntOrTuple) {
    super();
    tupleOf('AdaptiveAvgPool2d', 'outputSize', outputSize, 2, 1);
  }

  forward(x: Tensor): Tensor {
    return F.adaptiveAvgPool2d(x, this.outputSize);
  }

  /** torch's adaptive windows: output i pools [⌊i·n/out⌋, ⌈(i+1)·n/out⌉), n/out apart. */
  override receptiveWindow(inputShape: readonly number[]): ReceptiveWindow {
    const sizes = inputShape.slice(-2);
    const outs = tupleOf('AdaptiveAvgPool2d', 'outputSize', this.outputSize, 2, 1);
    return {
      kernelSize: sizes.map((n, i) => largestAdaptiveWindow(n, outs[i]!)),
      stride: sizes.map((n, i) => n / outs[i]!),
      dilation: [1, 1],
    };
  }
}

/**
 * The mean over H and W. PyTorch has no such class (it writes AdaptiveAvgPool2d(1) then
 * flatten); like Keras's GlobalAveragePooling2D it returns [N, C], or [N, C, 1, 1] with
 * `keepdim`, so a Linear head can follow it directly.
 */
export class GlobalAvgPool2d extends Module {
  readonly keepdim: boolean;

  constructor(opts: { keepdim?: boolean } = {}) {
    super();
    this.keepdim = opts.keepdim ?? false;
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 4 && x.ndim !== 3) {
      throw new Error(`GlobalAvgPool2d: input must be 4-D [N, C, H, W] (or 3-D unbatched) but got shape [${x.shape.join(', ')}]`);
    }
    return x.mean([x.ndim - 2, x.ndim - 1], this.keepdim);
  }

  /** One window the size of the whole map. */
  override receptiveWindow(inputShape: readonly number[]): ReceptiveWindow {
    const sizes = inputShape.slice(-2);
    return { kernelSize: sizes, stride: sizes, dilation: [1, 1] };
  }
}

/** A pooling window's sizes, checked when the layer is made rather than at its first forward. */
function checkWindow(op: string, w: { kernelSize: IntOrTuple; stride: IntOrTuple; padding: IntOrTuple; dilation: IntOrTuple }): void {
  tupleOf(op, 'kernelSize', w.kernelSize, 2, 1);
  tupleOf(op, 'stride', w.stride, 2, 1);
  tupleOf(op, 'padding', w.padding, 2, 0);
  tupleOf(op, 'dilation', w.dilation, 2, 1);
}

function windowOf(op: string, kernelSize: IntOrTuple, stride: IntOrTuple, dilation: IntOrTuple): ReceptiveWindow {
  return {
    kernelSize: tupleOf(op, 'kernelSize', kernelSize, 2, 1),
    stride: tupleOf(op, 'stride', stride, 2, 1),
    dilation: tupleOf(op, 'dilation', dilation, 2, 1),
  };
}

export function largestAdaptiveWindow(n: number, out: number): number {
  let largest = 0;
  for (let i = 0; i < out; i++) largest = Math.max(largest, Math.ceil(((i + 1) * n) / out) - Math.floor((i * n) / out));
  return largest;
}
