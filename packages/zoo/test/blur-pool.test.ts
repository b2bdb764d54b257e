import { describe, expect, it } from 'vitest';
import { manualSeed, randn, tidy } from '@stride/core-tensor';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { BlurPool2d, Conv2d, Sequential } from '@stride/layers';
import { resnet20, type BasicBlock } from '../src/index.js';

// Zhang 2019 in the CIFAR ResNets, as antialiased-cnns builds its ResNets: a strided block keeps
// conv1 at full resolution and blurs before conv2; its shortcut blurs before mapping channels.
describe('CIFAR ResNets with { blurPool: true }', () => {
  onBackendWithoutLeaks(cpu);

  it('blurs before every subsampling, keeps the parameter count, and adds only filter buffers', () => {
    manualSeed(0);
    const [plain, blurred] = [resnet20(), resnet20({ blurPool: true })];
    try {
      const first = blurred.layer2.at(0) as BasicBlock;
      expect(first.conv1.stride).toEqual([1, 1]);
      expect(first.conv2).toBeInstanceOf(Sequential);
      const [blur, conv] = [...(first.conv2 as Sequential)];
      expect(blur).toBeInstanceOf(BlurPool2d);
      expect((blur as BlurPool2d).stride).toBe(2);
      expect((conv as Conv2d).stride).toEqual([1, 1]);
      expect([...(first.downsample as Sequential)][0]).toBeInstanceOf(BlurPool2d);
      // Blocks of stride 1 are untouched.
      expect((blurred.layer2.at(1) as BasicBlock).conv2).toBeInstanceOf(Conv2d);
      const count = (m: typeof plain) => m.parameters().reduce((n, p) => n + p.numel(), 0);
      expect(count(blurred)).toBe(count(plain));
      const added = Object.keys(blurred.stateDict()).filter((k) => !(k in plain.stateDict()));
      expect(added.sort()).toEqual([
        'layer2.0.conv2.0.filt',
        'layer2.0.conv2.1.weight',
        'layer2.0.downsample.0.filt',
        'layer3.0.conv2.0.filt',
        'layer3.0.conv2.1.weight',
        'layer3.0.downsample.0.filt',
      ]);
    } finally {
      plain.dispose();
      blurred.dispose();
    }
  });

  it('trains: the output keeps its shape and every parameter gets a gradient, with options A and B', () => {
    for (const shortcut of ['A', 'B'] as const) {
      manualSeed(1);
      const model = resnet20({ blurPool: true, shortcut });
      try {
        tidy(() => {
          const y = model.forward(randn([2, 3, 32, 32], { seed: 2 }));
          expect(y.shape).toEqual([2, 10]);
          y.sum().backward();
        });
        for (const [name, p] of model.namedParameters()) expect(p.grad, name).not.toBeNull();
      } finally {
        model.dispose();
      }
    }
  });

  it('refuses a blurPool that is not a boolean', () => {
    expect(() => resnet20({ blurPool: 'yes' as unknown as boolean })).toThrow('CifarResNet: blurPool must be true or false but got yes');
  });
});
