import { init, type Module } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';
import { initTorchvision } from '../torchvision-init.js';
import { BasicBlock } from './basic-block.js';
import { Bottleneck } from './bottleneck.js';

/**
 * torchvision's ResNet initialisation: every conv weight from kaiming_normal_(mode='fan_out',
 * nonlinearity='relu'), i.e. N(0, 2/fanOut) with fanOut = outChannels·kH·kW. BatchNorm weight 1
 * and bias 0 are BatchNorm2d's own defaults, and Linear keeps PyTorch's default, as torchvision.
 * The draws come from core's global generator, so `manualSeed` makes them reproducible.
 */
export function initResNet(model: Module): void {
  initTorchvision(model);
}

/**
 * torchvision's `zero_init_residual`: the last BatchNorm of each residual branch (bn3 of a
 * Bottleneck, bn2 of a BasicBlock) starts at weight 0, so each block starts as its shortcut
 * (Goyal et al. 2017).
 */
export function zeroInitResiduals(model: Module): void {
  for (const m of model.modules()) {
    const last = m instanceof Bottleneck ? m.bn3 : m instanceof BasicBlock ? m.bn2 : null;
    if (last instanceof BatchNorm2d && last.weight) init.zeros(last.weight);
  }
}
