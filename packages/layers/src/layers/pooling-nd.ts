import { functional as F, type Tensor } from '@stride/core-tensor';
import { PoolingWindow } from './pooling-window.js';
import type { ReceptiveWindow } from '../module/receptive-field.js';
import { tupleOf } from './args.js';

type IntOrTuple = number | readonly number[];

export interface MaxPoolNdOptions {
  /** Default: kernelSize, as PyTorch. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceilMode?: boolean;
}

export interface AvgPoolNdOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
}

/**
 * Max pooling over 1 ([N, C, L]) or 3 ([N, C, D, H, W]) spatial dims; sizes are checked when the
 * layer is made. (PyTorch's returnIndices is F.maxPool1d/3d's: a module's forward returns one tensor.)
 */
abstract class MaxPoolNd extends PoolingWindow {
  readonly dilation: IntOrTuple;
  readonly ceilMode: boolean;

  protected constructor(
    private readonly rank: 1 | 3,
    kernelSize: IntOrTuple,
    opts: MaxPoolNdOptions,
  ) {
    super(kernelSize, opts);
    this.dilation = opts.dilation ?? 1;
    this.ceilMode = opts.ceilMode ?? false;
    checkWindow(this.opName, rank, this);
  }

  private get opName(): string {
    return this.rank === 1 ? 'MaxPool1d' : 'MaxPool3d';
  }

  forward(x: Tensor): Tensor {
    const { kernelSize, stride, padding, dilation, ceilMode } = this;
    const pool = this.rank === 1 ? F.maxPool1d : F.maxPool3d;
    return pool(x, { kernelSize, stride, padding, dilation, ceilMode });
  }

  override receptiveWindow(): ReceptiveWindow {
    return windowOf(this.opName, this.rank, this.kernelSize, this.stride, this.dilation);
  }
}

/** nn.MaxPool1d. */
export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: IntOrTuple, opts: MaxPoolNdOptions = {}) {
    super(1, kernelSize, opts);
  }
}

/** nn.MaxPool3d. */
export class MaxPool3d extends MaxPoolNd {
  constructor(kernelSize: IntOrTuple, opts: MaxPoolNdOptions = {}) {
    super(3, kernelSize, opts);
  }
}

/** nn.AvgPool1d. */
export class AvgPool1d extends PoolingWindow {
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;

  constructor(kernelSize: IntOrTuple, opts: AvgPoolNdOptions = {}) {
    super(kernelSize, opts);
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    checkWindow('AvgPool1d', 1, { ...this, dilation: 1 });
  }

  forward(x: Tensor): Tensor {
    const { kernelSize, stride, padding, ceilMode, countIncludePad } = this;
    return F.avgPool1d(x, { kernelSize, stride, padding, ceilMode, countIncludePad });
  }

  override receptiveWindow(): ReceptiveWindow {
    return windowOf('AvgPool1d', 1, this.kernelSize, this.stride, 1);
  }
}

/** nn.AvgPool3d. */
export class AvgPool3d extends PoolingWindow {
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | undefined;

  constructor(kernelSize: IntOrTuple, opts: AvgPoolNdOptions & { divisorOverride?: number } = {}) {
    super(kernelSize, opts);
    this.ceilMode = opts.ceilMode ?? false;
    this.countIncludePad = opts.countIncludePad ?? true;
    this.divisorOverride = opts.divisorOverride;
    checkWindow('AvgPool3d', 3, { ...this, dilation: 1 });
    if (this.divisorOverride !== undefined && (!Number.isInteger(this.divisorOverride) || this.divisorOverride === 0)) {
      throw new Error(`AvgPool3d: divisorOverride must be a non-zero integer but got ${this.divisorOverride}`);
    }
  }

  forward(x: Tensor): Tensor {
    const { kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride } = this;
    return F.avgPool3d(x, { kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride });
  }

  override receptiveWindow(): ReceptiveWindow {
    return windowOf('AvgPool3d', 3, this.kernelSize, this.stride, 1);
  }
}

/** A pooling window's sizes, checked when the layer is made rather than at its first forward. */
function checkWindow(
  op: string,
  rank: number,
  w: { kernelSize: IntOrTuple; stride: IntOrTuple; padding: IntOrTuple; dilation: IntOrTuple },
): void {
  tupleOf(op, 'kernelSize', w.kernelSize, rank, 1);
  tupleOf(op, 'stride', w.stride, rank, 1);
  tupleOf(op, 'padding', w.padding, rank, 0);
  tupleOf(op, 'dilation', w.dilation, rank, 1);
}

function windowOf(op: string, rank: number, kernelSize: IntOrTuple, stride: IntOrTuple, dilation: IntOrTuple): ReceptiveWindow {
  return {
    kernelSize: tupleOf(op, 'kernelSize', kernelSize, rank, 1),
    stride: tupleOf(op, 'stride', stride, rank, 1),
    dilation: tupleOf(op, 'dilation', dilation, rank, 1),
  };
}
