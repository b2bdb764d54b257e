import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import type { ReceptiveWindow } from '../module/receptive-field.js';

export interface UpsampleOptions {
  size?: number | readonly number[];
  scaleFactor?: number | readonly number[];
  /** Default 'nearest'. */
  mode?: 'nearest' | 'bilinear';
  alignCorners?: boolean;
  recomputeScaleFactor?: boolean;
}

/**
 * nn.Upsample: F.interpolate with the layer's size or scale factor, for [N, C, L], [N, C, H, W]
 * ('nearest' and 'bilinear') or [N, C, D, H, W] inputs. The arguments F.interpolate would refuse
 * whatever the input are refused here, when the layer is made.
 */
export class Upsample extends Module {
  readonly size: number | readonly number[] | undefined;
  readonly scaleFactor: number | readonly number[] | undefined;
  readonly mode: 'nearest' | 'bilinear';
  readonly alignCorners: boolean | undefined;
  readonly recomputeScaleFactor: boolean | undefined;

  constructor(opts: UpsampleOptions = {}) {
    super();
    this.size = opts.size;
    this.scaleFactor = opts.scaleFactor;
    this.mode = opts.mode ?? 'nearest';
    this.alignCorners = opts.alignCorners;
    this.recomputeScaleFactor = opts.recomputeScaleFactor;
    if (this.mode !== 'nearest' && this.mode !== 'bilinear') {
      throw new Error(`Upsample: mode must be 'nearest' or 'bilinear' but got '${this.mode}'`);
    }
    if (this.mode === 'nearest' && this.alignCorners !== undefined) {
      throw new Error(
        `Upsample: alignCorners can only be set with mode 'bilinear' (got mode 'nearest' and alignCorners ${this.alignCorners})`,
      );
    }
    if ((this.size === undefined) === (this.scaleFactor === undefined)) {
      throw new Error(`Upsample: give exactly one of size and scaleFactor (got ${this.size === undefined ? 'neither' : 'both'})`);
    }
    const values = [this.size ?? [], this.scaleFactor ?? []].flat();
    if (values.some((v) => !(Number.isFinite(v) && v > 0))) {
      throw new Error(`Upsample: size and scaleFactor must be positive numbers but got ${JSON.stringify(this.size ?? this.scaleFactor)}`);
    }
  }

  forward(x: Tensor): Tensor {
    const { size, scaleFactor, mode, alignCorners, recomputeScaleFactor } = this;
    return F.interpolate(x, { size, scaleFactor, mode, alignCorners, recomputeScaleFactor });
  }

  /** One input pixel per output pixel, outputs in/out apart: a window of 1 with a fractional stride. */
  override receptiveWindow(inputShape: readonly number[]): ReceptiveWindow {
    const sizes = inputShape.slice(2);
    const perDim = (v: number | readonly number[]) => sizes.map((_, i) => (typeof v === 'number' ? v : v[i]!));
    const out = this.size !== undefined ? perDim(this.size) : perDim(this.scaleFactor!).map((s, i) => Math.floor(sizes[i]! * s));
    return { kernelSize: sizes.map(() => 1), stride: sizes.map((n, i) => n / out[i]!), dilation: sizes.map(() => 1) };
  }
}
