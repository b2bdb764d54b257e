import { describe, expect, it } from 'vitest';
import { manualSeed } from '@stride/core-tensor';
import { BatchNorm2d } from '@stride/norm';
import type { Conv2d } from '@stride/layers';
import { resnet20, type BasicBlock } from '../src/index.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { withModel } from './helpers/with-model.js';
import { moments } from './helpers/init-checks.js';

describe("ResNets start from torchvision's initialisation", () => {
  onBackendWithoutLeaks(cpu);

  it('draws every conv weight from N(0, 2/fanOut), fanOut = outChannels·kH·kW (kaiming_normal_, fan_out, relu)', () => {
    withModel(resnet20, (model) => {
      // layer3's convs have 64·64·9 = 36,864 weights: the sample std is within 2% of √(2/576).
      const conv = model.layer3.at(1) as BasicBlock;
      const { mean, std } = moments((conv.conv2 as Conv2d).weight.dataSync());
      expect(Math.abs(mean)).toBeLessThan(0.003);
      expect(std / Math.sqrt(2 / (64 * 9))).toBeCloseTo(1, 1);
      const stem = moments(model.conv1.weight.dataSync()); // 432 weights, fanOut 16·9
      expect(stem.std / Math.sqrt(2 / (16 * 9))).toBeGreaterThan(0.85);
      expect(stem.std / Math.sqrt(2 / (16 * 9))).toBeLessThan(1.15);
    });
  });

  it('sets every BatchNorm weight to 1 and bias to 0', () => {
    withModel(resnet20, (model) => {
      const norms = model.modules().filter((m): m is BatchNorm2d => m instanceof BatchNorm2d);
      expect(norms).toHaveLength(19);
      for (const bn of norms) {
        expect([...bn.weight!.dataSync()].every((v) => v === 1)).toBe(true);
        expect([...bn.bias!.dataSync()].every((v) => v === 0)).toBe(true);
      }
    });
  });

  it('is reproducible under manualSeed', () => {
    manualSeed(7);
    const a = resnet20();
    manualSeed(7);
    const b = resnet20();
    try {
      const [pa, pb] = [a.parameters(), b.parameters()];
      pa.forEach((p, i) => expect(p.dataSync()).toEqual(pb[i]!.dataSync()));
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
