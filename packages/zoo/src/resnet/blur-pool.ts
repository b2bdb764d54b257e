import { BlurPool2d, type Module, Sequential } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';
import { BasicBlock, conv1x1, conv3x3 } from './basic-block.js';
import { PadShortcut } from './pad-shortcut.js';

/**
 * Anti-aliased downsampling (Zhang 2019, "Making Convolutional Networks Shift-Invariant Again"),
 * as antialiased-cnns's ResNets do it: a strided block keeps conv1 at full resolution and blurs
 * before conv2 (`conv2` becomes `Sequential(BlurPool2d(planes, stride 2), conv3×3)`), and its
 * shortcut blurs before it maps the channels (option A: `Sequential(BlurPool2d, PadShortcut)`
 * without the every-second-pixel slice; option B: `Sequential(BlurPool2d, conv1×1, BatchNorm2d)`
 * at stride 1). Blocks of stride 1 are unchanged. The filter is a buffer (`…filt`), so the
 * parameter count does not change.
 */
export function addBlurPool(stages: readonly Sequential[]): void {
  for (const block of stages.flatMap((stage) => [...stage])) {
    const stride = block instanceof BasicBlock ? block.conv1.stride[0]! : 1;
    if (!(block instanceof BasicBlock) || stride === 1) continue;
    const [inplanes, planes] = [block.conv1.inChannels, block.conv1.outChannels];
    const replaced = [block.conv1, block.conv2, block.downsample];
    block.conv1 = conv3x3(inplanes, planes);
    block.conv2 = new Sequential(new BlurPool2d(planes, { stride }), conv3x3(planes, planes));
    block.downsample = blurredShortcut(block.downsample, inplanes, stride);
    for (const m of replaced) if (m && m !== block.downsample) m.dispose();
  }
}

function blurredShortcut(shortcut: Module | null, inplanes: number, stride: number): Module | null {
  const blur = new BlurPool2d(inplanes, { stride });
  if (shortcut instanceof PadShortcut)
    return new Sequential(blur, new PadShortcut(inplanes, inplanes + shortcut.before + shortcut.after, { subsample: false }));
  if (shortcut instanceof Sequential) {
    const [conv, bn] = [...shortcut];
    if (!conv || !bn || !('outChannels' in conv)) throw new Error('addBlurPool: expected a Sequential(conv1×1, BatchNorm2d) shortcut');
    const out = (conv as { outChannels: number }).outChannels;
    return new Sequential(blur, conv1x1(inplanes, out), new BatchNorm2d(out));
  }
  return shortcut;
}
