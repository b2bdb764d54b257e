import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '@stride/layers';

/**
 * He et al.'s shortcut option A for the CIFAR ResNets: the identity, subsampled by taking every
 * second row and column, with the new channels zero-padded (half before, half after, as the
 * common `F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, planes // 4, planes // 4))`). No parameters.
 */
export class PadShortcut extends Module {
  readonly before: number;
  readonly after: number;
  /** false: the input is already at the output's resolution (a BlurPool2d downsampled it). */
  readonly subsample: boolean;

  constructor(inPlanes: number, planes: number, opts: { subsample?: boolean } = {}) {
    super();
    this.subsample = opts.subsample ?? true;
    if (planes < inPlanes) throw new Error(`PadShortcut: planes (${planes}) must be at least inPlanes (${inPlanes})`);
    this.before = Math.floor((planes - inPlanes) / 2);
    this.after = planes - inPlanes - this.before;
  }

  forward(x: Tensor): Tensor {
    const subsampled = this.subsample ? x.slice(2, 0, undefined, 2).slice(3, 0, undefined, 2) : x;
    // torch's flat list, last dim first: W, H, then the channels.
    return F.pad(subsampled, [0, 0, 0, 0, this.before, this.after]);
  }
}
