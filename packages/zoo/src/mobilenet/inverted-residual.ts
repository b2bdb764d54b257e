import type { Tensor } from '@stride/core-tensor';
import { Conv2d, Module, Sequential } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';
import { Conv2dNormActivation } from './conv-norm-activation.js';

/**
 * MobileNetV2's inverted residual (Sandler et al. 2018), as torchvision's `InvertedResidual`:
 * a 1×1 expansion to `round(inp · expandRatio)` channels with BatchNorm and ReLU6 (left out when
 * the ratio is 1), a 3×3 depthwise conv of the block's stride with BatchNorm and ReLU6, then a
 * linear 1×1 projection to `oup` with BatchNorm and no activation. The input is added back when
 * the shape is kept (stride 1, inp = oup). Keys `conv.0.0.weight` … `conv.3.num_batches_tracked`.
 */
export class InvertedResidual extends Module {
  readonly stride: number;
  readonly useResConnect: boolean;
  readonly outChannels: number;
  conv: Sequential;

  constructor(inp: number, oup: number, stride: number, expandRatio: number) {
    super();
    if (stride !== 1 && stride !== 2) throw new Error(`InvertedResidual: stride must be 1 or 2 but got ${stride}`);
    this.stride = stride;
    const hidden = roundHalfEven(inp * expandRatio);
    this.useResConnect = stride === 1 && inp === oup;
    this.outChannels = oup;
    this.conv = new Sequential();
    if (expandRatio !== 1) this.conv.append(new Conv2dNormActivation(inp, hidden, { kernelSize: 1 }));
    this.conv.append(new Conv2dNormActivation(hidden, hidden, { stride, groups: hidden }));
    this.conv.append(new Conv2d(hidden, oup, 1, { bias: false }));
    this.conv.append(new BatchNorm2d(oup));
  }

  forward(x: Tensor): Tensor {
    const out = this.conv.forward(x);
    return this.useResConnect ? x.add(out) : out;
  }
}

/** Python's round(): halves go to the even neighbour, as torchvision's `int(round(inp * expand_ratio))`. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
