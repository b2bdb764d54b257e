import { Module } from '../module/module.js';

type IntOrTuple = number | readonly number[];

/**
 * What every sliding-window pooling layer holds, as PyTorch's `_MaxPoolNd`, `_AvgPoolNd` and
 * `_MaxUnpoolNd` do: kernelSize, stride (kernelSize where not given) and padding (0 where not
 * given), kept as given; each layer checks them against its rank when it is made.
 */
export abstract class PoolingWindow extends Module {
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;

  protected constructor(
    readonly kernelSize: IntOrTuple,
    opts: { stride?: IntOrTuple | null; padding?: IntOrTuple },
  ) {
    super();
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
  }
}
