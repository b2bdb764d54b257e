import { describe, expect, it } from 'vitest';
import { memory, noGrad, ones, randn, tensor, tidy, zeros, type Tensor } from '@stride/core-tensor';
import { batchNorm, groupNorm, instanceNorm, layerNorm } from '../src/index.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';

const values = (t: Tensor): number[] => [...t.dataSync()];

describe('batchNorm', () => {
  onBackendWithoutLeaks(cpu);

  it('updates the running tensors in place, keeping their identity, and leaves nothing else inside tidy', () => {
    const rm = zeros([2]);
    const rv = ones([2]);
    const x = tensor([
      [1, 10],
      [3, 20],
      [5, 60],
    ]);
    const live = memory().numTensors;
    tidy(() => {
      batchNorm(x, rm, rv, null, null, { training: true, momentum: 0.5 });
    });
    expect(memory().numTensors).toBe(live);
    // batch means 3 and 30; unbiased variances 4 and 700 (biased 8/3 and 1400/3).
    expect(values(rm)).toEqual([1.5, 15]);
    expect(values(rv)).toEqual([2.5, 350.5]);
    for (const t of [rm, rv, x]) t.dispose();
  });

  it('in eval mode outside tidy creates only its output', () => {
    const [x, rm, rv, w, b] = [randn([2, 3, 2, 2], { seed: 1 }), randn([3], { seed: 2 }), ones([3]), randn([3], { seed: 3 }), zeros([3])];
    const live = memory().numTensors;
    const y = batchNorm(x, rm, rv, w, b);
    expect(memory().numTensors).toBe(live + 1);
    for (const t of [y, x, rm, rv, w, b]) t.dispose();
  });

  it('in eval mode leaves the running tensors unchanged', () => {
    const rm = tensor([0.5, -1]);
    const rv = tensor([2, 0.25]);
    const x = randn([4, 2], { seed: 4 });
    tidy(() => {
      batchNorm(x, rm, rv);
    });
    expect(values(rm)).toEqual([0.5, -1]);
    expect(values(rv)).toEqual([2, 0.25]);
    for (const t of [rm, rv, x]) t.dispose();
  });

  it('with momentum null and a batch counter keeps the cumulative average of batch statistics', () => {
    const rm = zeros([1]);
    const rv = ones([1]);
    const count = zeros([], { dtype: 'int32' });
    const batches = [tensor([[1], [3]]), tensor([[5], [9]]), tensor([[0], [0]])];
    for (const x of batches) {
      tidy(() => {
        batchNorm(x, rm, rv, null, null, { training: true, momentum: null, numBatchesTracked: count });
      });
    }
    expect(values(count)).toEqual([3]);
    // means 2, 7, 0 → 3; unbiased variances 2, 8, 0 → 10/3
    expect(values(rm)[0]).toBeCloseTo(3, 6);
    expect(values(rv)[0]).toBeCloseTo(10 / 3, 6);
    for (const t of [rm, rv, count, ...batches]) t.dispose();
  });

  it('records no graph for the running statistics', () => {
    const rm = zeros([2]);
    const rv = ones([2]);
    const x = randn([3, 2], { seed: 5, requiresGrad: true });
    tidy(() => batchNorm(x, rm, rv, null, null, { training: true }).sum().backward());
    expect(rm.requiresGrad || rv.requiresGrad).toBe(false);
    for (const t of [rm, rv, x]) t.dispose();
  });

  it('under noGrad, training mode still updates the running statistics', () => {
    const rm = zeros([1]);
    const rv = ones([1]);
    const x = tensor([[2], [4]]);
    noGrad(() => {
      batchNorm(x, rm, rv, null, null, { training: true, momentum: 1 }).dispose();
    });
    expect(values(rm)).toEqual([3]);
    expect(values(rv)).toEqual([2]);
    for (const t of [rm, rv, x]) t.dispose();
  });

  it('names the argument whose channel count is wrong', () => {
    const [x, rm, rv] = [zeros([2, 4]), zeros([3]), ones([4])];
    expect(() => batchNorm(x, rm, rv)).toThrow('batchNorm: runningMean has 3 elements (shape [3]) but input has 4 channels');
    expect(() => batchNorm(x, rv, rv, rm)).toThrow('batchNorm: weight has 3 elements (shape [3]) but input has 4 channels');
    for (const t of [x, rm, rv]) t.dispose();
  });

  it('requires running statistics in eval mode', () => {
    const x = zeros([2, 3]);
    expect(() => batchNorm(x, null, null)).toThrow('batchNorm: runningMean and runningVar are required when training is false');
    x.dispose();
  });

  it('rejects a single value per channel in training, as PyTorch', () => {
    const x = zeros([1, 3]);
    expect(() => batchNorm(x, null, null, null, null, { training: true })).toThrow(
      'batchNorm: expected more than 1 value per channel when training but input has shape [1, 3]',
    );
    x.dispose();
  });

  it('requires the batch counter for momentum null', () => {
    const [x, rm, rv] = [zeros([2, 3]), zeros([3]), ones([3])];
    expect(() => batchNorm(x, rm, rv, null, null, { training: true, momentum: null })).toThrow('numBatchesTracked is missing');
    for (const t of [x, rm, rv]) t.dispose();
  });

  it('rejects a 1-D input', () => {
    const x = zeros([3]);
    expect(() => batchNorm(x, null, null, null, null, { training: true })).toThrow(
      'batchNorm: input must have at least 2 dimensions [N, C] or [N, C, …] but got shape [3]',
    );
    x.dispose();
  });
});

describe('layerNorm, groupNorm and instanceNorm argument checks', () => {
  onBackendWithoutLeaks(cpu);

  it('layerNorm rejects a normalizedShape that is not the input’s trailing shape', () => {
    const x = zeros([2, 4]);
    expect(() => layerNorm(x, [3])).toThrow('layerNorm: normalizedShape is [3] but input has shape [2, 4] (expected input [*, 3])');
    x.dispose();
  });

  it('layerNorm rejects a weight whose shape is not normalizedShape', () => {
    const [x, w] = [zeros([2, 3, 4]), ones([4])];
    expect(() => layerNorm(x, [3, 4], w)).toThrow('layerNorm: weight has shape [4] but normalizedShape is [3, 4]');
    for (const t of [x, w]) t.dispose();
  });

  it('groupNorm rejects a group count that does not divide the channels', () => {
    const x = zeros([2, 6, 3]);
    expect(() => groupNorm(x, 4)).toThrow(
      'groupNorm: numGroups is 4 but input has 6 channels (shape [2, 6, 3]); expected a positive divisor of 6',
    );
    x.dispose();
  });

  it('instanceNorm rejects an input without spatial positions', () => {
    const x = zeros([2, 3]);
    expect(() => instanceNorm(x)).toThrow('instanceNorm: input must have at least 3 dimensions');
    x.dispose();
  });

  it('instanceNorm needs running statistics when useInputStats is false', () => {
    const x = zeros([2, 3, 4]);
    expect(() => instanceNorm(x, null, null, null, null, { useInputStats: false })).toThrow(
      'instanceNorm: runningMean and runningVar are required when useInputStats is false',
    );
    x.dispose();
  });

  it('instanceNorm names a running statistic of the wrong size', () => {
    const [x, rm, rv] = [zeros([2, 3, 4]), zeros([2]), ones([3])];
    expect(() => instanceNorm(x, rm, rv)).toThrow('instanceNorm: runningMean has 2 elements (shape [2]) but input has 3 channels');
    for (const t of [x, rm, rv]) t.dispose();
  });

  it('layerNorm, groupNorm and instanceNorm leave nothing but their output when no graph is recorded', () => {
    const x = randn([2, 4, 3], { seed: 6 });
    const live = memory().numTensors;
    const ys = [layerNorm(x, 3), groupNorm(x, 2), instanceNorm(x)];
    expect(memory().numTensors).toBe(live + 3);
    for (const t of [...ys, x]) t.dispose();
  });
});
