import { Sequential, type Module } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';
import { BasicBlock, conv1x1 } from './basic-block.js';

/** Builds the module that matches a block's shortcut to its output, where shapes differ. */
export type ShortcutFactory = (inplanes: number, planes: number, stride: number) => Module;

/** A residual block class, BasicBlock or Bottleneck: its output has `expansion · planes` channels. */
export interface ResidualBlockClass {
  readonly expansion: number;
  new (inplanes: number, planes: number, stride?: number, downsample?: Module | null): Module;
}

/**
 * torchvision's `_make_layer`: the first block changes width and stride and gets a `downsample`
 * shortcut (to `expansion · planes` channels) when either changes; the other `blocks − 1` keep
 * the identity.
 */
export function makeLayer(
  inplanes: number,
  planes: number,
  blocks: number,
  stride: number,
  shortcut: ShortcutFactory = projection,
  block: ResidualBlockClass = BasicBlock,
): Sequential {
  const out = planes * block.expansion;
  const downsample = stride !== 1 || inplanes !== out ? shortcut(inplanes, out, stride) : null;
  const layer = new Sequential(new block(inplanes, planes, stride, downsample));
  for (let i = 1; i < blocks; i++) layer.append(new block(out, planes));
  return layer;
}

/** torchvision's downsample: Sequential(conv1×1 with the block's stride, BatchNorm2d), keys `downsample.0`/`.1`. */
export function projection(inplanes: number, planes: number, stride: number): Module {
  return new Sequential(conv1x1(inplanes, planes, stride), new BatchNorm2d(planes));
}
