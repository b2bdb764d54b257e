import { describe, expect, it } from 'vitest';
import { arange, tidy } from '@stride/core-tensor';
import { type BasicBlock, PadShortcut, resnet20 } from '../src/index.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { withModel } from './helpers/with-model.js';

describe('PadShortcut, the CIFAR option A shortcut', () => {
  onBackendWithoutLeaks(cpu);

  it('keeps every second row and column and zero-pads the new channels half before, half after', () => {
    tidy(() => {
      // x[0, c, h, w] = 16c + 4h + w; x[:, :, ::2, ::2] keeps (h, w) ∈ {0, 2}².
      const x = arange(32).reshape([1, 2, 4, 4]);
      const y = new PadShortcut(2, 4).forward(x);
      expect(y.shape).toEqual([1, 4, 2, 2]);
      expect([...y.dataSync()]).toEqual([0, 0, 0, 0, 0, 2, 8, 10, 16, 18, 24, 26, 0, 0, 0, 0]);
    });
  });

  it('has no parameters, so an option A ResNet-20 adds none for its two downsampling blocks', () => {
    withModel(resnet20, (model) => {
      const shortcut = (model.layer2.at(0) as BasicBlock).downsample;
      expect(shortcut).toBeInstanceOf(PadShortcut);
      expect(shortcut!.parameters()).toHaveLength(0);
    });
  });

  it('rejects a shortcut that would remove channels', () => {
    expect(() => new PadShortcut(8, 4)).toThrow('PadShortcut: planes (4) must be at least inPlanes (8)');
  });
});
