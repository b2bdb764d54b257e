import { noGrad, randn, tidy } from '@stride/core-tensor';
import { Conv2d, type Module } from '@stride/layers';

/**
 * torchvision's ResNet initialisation: every conv weight from kaiming_normal_(mode='fan_out',
 * nonlinearity='relu'), i.e. N(0, 2/fanOut) with fanOut = outChannels·kH·kW. BatchNorm weight 1
 * and bias 0 are BatchNorm2d's own defaults, and Linear keeps PyTorch's default, as torchvision.
 * The draws come from core's global generator, so `manualSeed` makes them reproducible.
 */
export function initResNet(model: Module): void {
  for (const m of model.modules()) {
    if (!(m instanceof Conv2d)) continue;
    const w = m.weight;
    const fanOut = w.shape[0]! * w.shape[2]! * w.shape[3]!;
    noGrad(() => tidy(() => w.assign(randn(w.shape, { backend: w.backend }).mul(Math.sqrt(2 / fanOut)))));
  }
}
