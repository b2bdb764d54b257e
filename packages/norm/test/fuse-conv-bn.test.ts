import { describe, expect, it } from 'vitest';
import { noGrad, rand, randn, tidy, type Tensor } from '@stride/core-tensor';
import { Conv1d, Conv2d, ConvNd, ReLU, Sequential } from '@stride/layers';
import { BatchNorm1d, BatchNorm2d, fuseConvBn, type BatchNormBase } from '../src/index.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';

/** Gives bn random affine parameters and non-trivial running statistics, then eval mode. */
function randomize(bn: BatchNormBase, seed: number): void {
  const c = bn.numFeatures;
  const sd: Record<string, Tensor> = tidy(() => ({
    running_mean: randn([c], { seed }).mul(0.5),
    running_var: rand([c], { seed: seed + 1 })
      .mul(2)
      .add(0.2),
    ...(bn.affine ? { weight: randn([c], { seed: seed + 2 }), bias: randn([c], { seed: seed + 3 }) } : {}),
  }));
  bn.loadStateDict(sd, { strict: false });
  for (const t of Object.values(sd)) t.dispose();
  bn.eval();
}

/**
 * Fuses conv and bn (given random running statistics) and returns max|fused(x) − bn(conv(x))|
 * relative to max|bn(conv(x))| on a random x, disposing everything after.
 */
function fusionError(conv: ConvNd, bn: BatchNormBase, xShape: number[], seed: number): number {
  randomize(bn, seed);
  const fused = fuseConvBn(conv, bn);
  const x = randn(xShape, { seed: seed + 5 });
  const error = tidy(() => {
    const expected = bn.forward(conv.forward(x));
    const diff = fused.forward(x).sub(expected).abs().max().dataSync()[0]!;
    return diff / expected.abs().max().dataSync()[0]!;
  });
  x.dispose();
  for (const m of [conv, bn, fused]) m.dispose();
  return error;
}

describe('fuseConvBn', () => {
  onBackendWithoutLeaks(cpu);

  it('gives a Conv2d whose output equals conv then eval-mode BatchNorm2d to 1e-5', () => {
    const conv = new Conv2d(3, 4, 3, { stride: 2, padding: 1, seed: 1 });
    expect(fusionError(conv, new BatchNorm2d(4, { eps: 1e-3 }), [2, 3, 7, 7], 10)).toBeLessThanOrEqual(1e-5);
  });

  it('folds a bias-free grouped, dilated conv into a BatchNorm without affine', () => {
    const conv = new Conv2d(4, 6, 3, { padding: 2, dilation: 2, groups: 2, bias: false, seed: 3 });
    expect(fusionError(conv, new BatchNorm2d(6, { affine: false }), [1, 4, 6, 5], 20)).toBeLessThanOrEqual(1e-5);
  });

  it('folds a Conv1d into a BatchNorm1d', () => {
    expect(fusionError(new Conv1d(2, 3, 3, { seed: 5 }), new BatchNorm1d(3), [2, 2, 9], 30)).toBeLessThanOrEqual(1e-5);
  });

  it('gives a convolution of the same kind', () => {
    const [conv, bn] = [new Conv1d(2, 3, 3), new BatchNorm1d(3).eval()];
    const fused = fuseConvBn(conv, bn);
    expect(fused).toBeInstanceOf(Conv1d);
    for (const m of [conv, bn, fused]) m.dispose();
  });

  it('returns a new eval-mode conv with a bias and leaves its inputs unchanged', () => {
    const conv = new Conv2d(2, 2, 1, { bias: false, seed: 7 });
    const bn = new BatchNorm2d(2);
    randomize(bn, 40);
    const before = [...conv.weight.dataSync()];
    const fused = fuseConvBn(conv, bn);
    expect([fused.training, fused.bias !== null, fused === conv]).toEqual([false, true, false]);
    expect([...conv.weight.dataSync()]).toEqual(before);
    expect(conv.bias).toBeNull();
    for (const m of [conv, bn, fused]) m.dispose();
  });

  it('refuses a BatchNorm in training mode', () => {
    const [conv, bn] = [new Conv2d(1, 2, 1), new BatchNorm2d(2)];
    expect(() => fuseConvBn(conv, bn)).toThrow('fuseConvBn: bn is in training mode');
    conv.dispose();
    bn.dispose();
  });

  it('refuses a BatchNorm without running statistics', () => {
    const [conv, bn] = [new Conv2d(1, 2, 1), new BatchNorm2d(2, { trackRunningStats: false }).eval()];
    expect(() => fuseConvBn(conv, bn)).toThrow('fuseConvBn: bn has no running statistics');
    conv.dispose();
    bn.dispose();
  });

  it('refuses a BatchNorm whose features differ from the conv’s output channels', () => {
    const [conv, bn] = [new Conv2d(1, 2, 1), new BatchNorm2d(3).eval()];
    expect(() => fuseConvBn(conv, bn)).toThrow('fuseConvBn: bn has 3 features but conv has 2 output channels (expected equal)');
    conv.dispose();
    bn.dispose();
  });
});

describe('Sequential.fuse()', () => {
  onBackendWithoutLeaks(cpu);

  const forward = (m: Sequential, x: Tensor) => tidy(() => noGrad(() => m.forward(x)).dataSync() as Float32Array);
  const kinds = (m: Sequential) =>
    [...m].map((c) => (c instanceof ConvNd ? `${c.constructor.name}${c.fusedRelu ? '+relu' : ''}` : c.constructor.name));

  it('folds each conv → batch norm (→ ReLU) run into one conv, keeping indices, with the same output up to rounding', () => {
    const [bn1, bn2] = [new BatchNorm2d(6), new BatchNorm2d(6)];
    randomize(bn1, 11);
    randomize(bn2, 21);
    const untracked = new BatchNorm2d(6, { trackRunningStats: false });
    const m = new Sequential(
      new Conv2d(3, 6, 3, { padding: 1 }),
      bn1,
      new ReLU(),
      new Conv2d(6, 6, 1),
      new ReLU(),
      new Conv2d(6, 6, 3, { bias: false }),
      bn2,
      new Conv2d(6, 6, 1),
      untracked,
      new ReLU(),
    ).eval();
    const x = randn([2, 3, 8, 8], { seed: 3 });
    const before = forward(m, x);
    m.fuse();
    // The batch norm without running statistics normalises with the batch's: it stays, and so must the ReLU after it.
    expect(kinds(m)).toEqual([
      'Conv2d+relu',
      'Identity',
      'Identity',
      'Conv2d+relu',
      'Identity',
      'Conv2d',
      'Identity',
      'Conv2d',
      'BatchNorm2d',
      'ReLU',
    ]);
    expect(Object.keys(m.stateDict())).toEqual([
      '0.weight',
      '0.bias',
      '3.weight',
      '3.bias',
      '5.weight',
      '5.bias',
      '7.weight',
      '7.bias',
      '8.weight',
      '8.bias',
    ]);
    const after = forward(m, x);
    const scale = Math.max(...before.map(Math.abs));
    expect(Math.max(...after.map((v, i) => Math.abs(v - before[i]!)))).toBeLessThan(1e-5 * scale);
    x.dispose();
    m.dispose();
  });

  it('leaves a conv or norm that runs in two slots as it is, and refuses training mode', () => {
    const conv = new Conv2d(2, 2, 1);
    const bn = new BatchNorm2d(2);
    randomize(bn, 31);
    const m = new Sequential(conv, bn, new ReLU(), conv, bn).eval();
    m.fuse();
    expect(kinds(m)).toEqual(['Conv2d', 'BatchNorm2d', 'ReLU', 'Conv2d', 'BatchNorm2d']);
    m.train();
    expect(() => m.fuse()).toThrow('Sequential.fuse: the module is in training mode');
    m.dispose();
  });
});
