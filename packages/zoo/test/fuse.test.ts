import { describe, expect, it } from 'vitest';
import { noGrad, randn, tidy, type Tensor } from '@stride/core-tensor';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { type ConvNd, Identity, type Module } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';
import { Bottleneck, lenet5, ResNet, resnet20 } from '../src/index.js';
import { withModel } from './helpers/with-model.js';

/** Gives every batch norm running statistics and an affine transform far from the identity, so folding has something to fold. */
function scrambleNorms(model: Module): void {
  let seed = 40;
  for (const bn of model.modules().filter((m): m is BatchNorm2d => m instanceof BatchNorm2d)) {
    const c = [bn.numFeatures];
    tidy(() => {
      bn.runningMean!.assign(randn(c, { seed: seed++ }).mul(0.5));
      bn.runningVar!.assign(randn(c, { seed: seed++ }).abs().add(0.5));
      bn.weight!.assign(randn(c, { seed: seed++ }).mul(0.5).add(1));
      bn.bias!.assign(randn(c, { seed: seed++ }).mul(0.2));
    });
  }
}

function logits(model: Module, x: Tensor): Float32Array {
  return tidy(() => noGrad(() => model.forward(x)).dataSync() as Float32Array);
}

describe('fuse()', () => {
  onBackendWithoutLeaks(cpu);

  it('refuses a model in training mode, naming the model and eval()', () => {
    withModel(
      () => resnet20(),
      (m) => expect(() => m.fuse()).toThrow('CifarResNet.fuse: the module is in training mode, but fusing folds'),
    );
  });

  it("gives LeNet-5 the same bits: the ReLUs run in the convolutions' bias passes", () => {
    const x = randn([3, 1, 28, 28], { seed: 7 });
    withModel(
      () => lenet5().eval(),
      (m) => {
        const before = logits(m, x);
        m.fuse();
        expect([m.conv1.fusedRelu, m.conv2.fusedRelu]).toEqual([true, true]);
        expect(Array.from(logits(m, x))).toEqual(Array.from(before));
      },
    );
    x.dispose();
  });

  it('folds every batch norm of a Bottleneck ResNet, with the same logits up to rounding, and a second fuse() changes nothing', () => {
    const x = randn([2, 3, 32, 32], { seed: 8 });
    withModel(
      () => new ResNet([2, 1, 1, 1], { block: Bottleneck, baseWidth: 8, numClasses: 10 }),
      (m) => {
        scrambleNorms(m);
        m.eval();
        const before = logits(m, x);
        m.fuse();
        const block = m.layer1[0] as unknown as { bn1: Module; bn3: Module; conv1: ConvNd; conv3: ConvNd };
        expect([block.bn1 instanceof Identity, block.bn3 instanceof Identity]).toEqual([true, true]);
        expect([block.conv1.fusedRelu, block.conv3.fusedRelu]).toEqual([true, false]);
        const keys = Object.keys(m.stateDict());
        expect(keys).toContain('layer1.0.conv1.bias');
        expect(keys.filter((k) => k.includes('bn'))).toEqual([]);
        const after = logits(m, x);
        const scale = Math.max(...before.map(Math.abs));
        expect(Math.max(...after.map((v, i) => Math.abs(v - before[i]!)))).toBeLessThan(1e-5 * scale);
        m.fuse();
        expect(Array.from(logits(m, x))).toEqual(Array.from(after));
      },
    );
    x.dispose();
  });

  it('runs batch norm and ReLU apart where a forward hook would notice the fused kernel', () => {
    const x = randn([2, 3, 8, 8], { seed: 9 });
    withModel(
      () => resnet20(),
      (m) => {
        const block = m.layer1[0] as unknown as { bn1: Module };
        let sawNegative = false;
        const handle = block.bn1.registerForwardHook((_m, _input, output) => {
          sawNegative = Array.prototype.some.call(output.dataSync(), (v: number) => v < 0);
        });
        tidy(() => {
          m.forward(x);
        });
        handle.remove();
        expect(sawNegative).toBe(true);
      },
    );
    x.dispose();
  });
});
