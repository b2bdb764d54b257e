import { describe, expect, it } from 'vitest';
import { memory, noGrad, randn, tensor, tidy, type Tensor } from '@stride/core-tensor';
import { Conv2d, Module } from '@stride/layers';
import { BatchNorm1d, BatchNorm2d, GroupNorm, InstanceNorm2d, LayerNorm } from '../src/index.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';

const values = (t: Tensor | null): number[] => [...t!.dataSync()];

class ConvBn extends Module {
  conv = new Conv2d(1, 3, 3, { seed: 1 });
  bn = new BatchNorm2d(3);
  forward(x: Tensor): Tensor {
    return this.bn.forward(this.conv.forward(x));
  }
}

describe('BatchNorm modules', () => {
  onBackendWithoutLeaks(cpu);

  it('start from weight ones, bias zeros, running_mean zeros, running_var ones and an int32 0-d counter at 0', () => {
    const bn = new BatchNorm2d(2);
    expect(values(bn.weight)).toEqual([1, 1]);
    expect(values(bn.bias)).toEqual([0, 0]);
    expect(values(bn.runningMean)).toEqual([0, 0]);
    expect(values(bn.runningVar)).toEqual([1, 1]);
    const count = bn.numBatchesTracked!;
    expect([count.dtype, [...count.shape], values(count)]).toEqual(['int32', [], [0]]);
    bn.dispose();
  });

  it('nest in a network under PyTorch’s state-dict keys, running stats as buffers', () => {
    const net = new ConvBn();
    expect(Object.keys(net.stateDict())).toEqual([
      'conv.weight',
      'conv.bias',
      'bn.weight',
      'bn.bias',
      'bn.running_mean',
      'bn.running_var',
      'bn.num_batches_tracked',
    ]);
    expect(net.parameters().length).toBe(4);
    expect(net.buffers().map(([k]) => k)).toEqual(['bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked']);
    net.dispose();
  });

  it('run the canonical training step: buffers update in place and nothing but the loss escapes the tidy', () => {
    const net = new ConvBn();
    const x = randn([2, 1, 5, 5], { seed: 2 });
    const runningMean = net.bn.runningMean;
    const live = memory().numTensors;
    const loss = tidy(() => {
      net.zeroGrad();
      const loss = net.forward(x).square().mean();
      loss.backward();
      noGrad(() => {
        for (const p of net.parameters()) p.assign(p.sub(p.grad!.mul(0.1)));
      });
      return loss;
    });
    // the loss and one gradient per parameter survive, as in PyTorch
    expect(memory().numTensors).toBe(live + 1 + 4);
    loss.dispose();
    expect(net.bn.runningMean).toBe(runningMean);
    expect(values(net.bn.runningMean).some((v) => v !== 0)).toBe(true);
    expect(values(net.bn.numBatchesTracked)).toEqual([1]);
    x.dispose();
    net.dispose();
  });

  it('leave buffers unchanged and uncounted in eval mode', () => {
    const bn = new BatchNorm1d(2).eval();
    const x = tensor([
      [1, 2],
      [3, 5],
    ]);
    tidy(() => {
      bn.forward(x);
    });
    expect(values(bn.runningMean)).toEqual([0, 0]);
    expect(values(bn.runningVar)).toEqual([1, 1]);
    expect(values(bn.numBatchesTracked)).toEqual([0]);
    for (const t of [x]) t.dispose();
    bn.dispose();
  });

  it('without running stats have no buffers and normalise with batch statistics in eval mode too', () => {
    const bn = new BatchNorm1d(1, { trackRunningStats: false }).eval();
    expect(Object.keys(bn.stateDict())).toEqual(['weight', 'bias']);
    const x = tensor([[1], [3]]);
    const [lo, hi] = tidy(() => values(bn.forward(x)));
    expect(lo).toBeCloseTo(-1, 4);
    expect(hi).toBeCloseTo(1, 4);
    x.dispose();
    bn.dispose();
  });

  it('without affine have no parameters', () => {
    const bn = new BatchNorm2d(3, { affine: false });
    expect(bn.parameters()).toEqual([]);
    expect(Object.keys(bn.stateDict())).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    bn.dispose();
  });

  it('resetRunningStats restores zeros, ones and a zero count', () => {
    const bn = new BatchNorm1d(2);
    const x = tensor([
      [1, 2],
      [3, 7],
    ]);
    tidy(() => {
      bn.forward(x);
    });
    bn.resetRunningStats();
    expect([values(bn.runningMean), values(bn.runningVar), values(bn.numBatchesTracked)]).toEqual([[0, 0], [1, 1], [0]]);
    x.dispose();
    bn.dispose();
  });

  it('check the input rank with PyTorch’s wording', () => {
    const [bn1, bn2] = [new BatchNorm1d(3), new BatchNorm2d(3)];
    const x = randn([2, 3, 4, 4], { seed: 3 });
    expect(() => bn1.forward(x)).toThrow('BatchNorm1d: expected 2D or 3D input but got 4D input (shape [2, 3, 4, 4])');
    const flat = x.reshape([2, 3, 16]);
    expect(() => bn2.forward(flat)).toThrow('BatchNorm2d: expected 4D input but got 3D input (shape [2, 3, 16])');
    for (const t of [x, flat]) t.dispose();
    bn1.dispose();
    bn2.dispose();
  });

  it('name the running statistic that does not match the input’s channels', () => {
    const bn = new BatchNorm2d(3);
    const x = randn([2, 4, 2, 2], { seed: 4 });
    expect(() => bn.forward(x)).toThrow('batchNorm: runningMean has 3 elements (shape [3]) but input has 4 channels');
    x.dispose();
    bn.dispose();
  });
});

describe('LayerNorm, GroupNorm and InstanceNorm2d modules', () => {
  onBackendWithoutLeaks(cpu);

  it('InstanceNorm2d defaults to no parameters and no buffers', () => {
    const m = new InstanceNorm2d(3);
    expect(Object.keys(m.stateDict())).toEqual([]);
    m.dispose();
  });

  it('InstanceNorm2d treats a 3-D input as one unbatched sample', () => {
    const m = new InstanceNorm2d(2, { affine: true });
    const x = randn([2, 3, 3], { seed: 5 });
    const [unbatched, batched] = tidy(() => [m.forward(x), m.forward(x.unsqueeze(0)).squeeze(0)]);
    expect([...unbatched!.shape]).toEqual([2, 3, 3]);
    expect(values(unbatched!)).toEqual(values(batched!));
    for (const t of [x, unbatched!, batched!]) t.dispose();
    m.dispose();
  });

  it('BatchNorm and InstanceNorm refuse a feature count that is not a positive integer or too large to hold', () => {
    expect(() => new BatchNorm2d(0)).toThrow('BatchNorm2d: numFeatures must be a positive integer but got 0');
    expect(() => new BatchNorm1d(2.5)).toThrow('BatchNorm1d: numFeatures must be a positive integer but got 2.5');
    expect(() => new InstanceNorm2d(-1)).toThrow('InstanceNorm2d: numFeatures must be a positive integer but got -1');
    expect(() => new BatchNorm2d(2 ** 40)).toThrow(
      "BatchNorm2d: shape [1099511627776] has 1099511627776 elements, 4398046511104 bytes as float32, more than backend 'cpu' holds in one tensor",
    );
    expect(() => new InstanceNorm2d(2 ** 40)).toThrow('InstanceNorm2d: shape [1099511627776] has 1099511627776 elements');
  });

  it('GroupNorm rejects a channel count not divisible by the groups', () => {
    expect(() => new GroupNorm(4, 6)).toThrow('GroupNorm: numChannels (6) must be divisible by numGroups (4)');
  });

  it('GroupNorm rejects an input with another channel count', () => {
    const m = new GroupNorm(2, 4);
    const x = randn([1, 6, 2], { seed: 6 });
    expect(() => m.forward(x)).toThrow('GroupNorm: input has 6 channels (shape [1, 6, 2]) but numChannels is 4');
    x.dispose();
    m.dispose();
  });

  it('LayerNorm accepts a number or a shape and keeps weight and bias of that shape', () => {
    const [a, b] = [new LayerNorm(4), new LayerNorm([2, 4], { elementwiseAffine: true })];
    expect([[...a.weight!.shape], [...b.weight!.shape], [...b.bias!.shape]]).toEqual([[4], [2, 4], [2, 4]]);
    a.dispose();
    b.dispose();
  });

  it('LayerNorm without elementwiseAffine has no parameters', () => {
    const m = new LayerNorm(4, { elementwiseAffine: false });
    expect(Object.keys(m.stateDict())).toEqual([]);
    m.dispose();
  });
});
