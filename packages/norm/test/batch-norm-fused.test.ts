import { describe, expect, it } from 'vitest';
import { keep, ones, randn, tidy, zeros, type Tensor } from '@stride/core-tensor';
import { batchNorm, BatchNorm2d } from '../src/index.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';

// Training-mode batchNorm runs one fused kernel each way. At a ResNet block's size (the cpu
// backend's wasm path, over two threads) it must give what the op-by-op composition gives.
const RTOL = 1e-5;

function expectClose(label: string, got: Tensor, want: Tensor): void {
  const [g, w] = [got.dataSync(), want.dataSync()];
  let [scale, worst] = [0, 0];
  for (let i = 0; i < w.length; i++) {
    scale = Math.max(scale, Math.abs(w[i]!));
    worst = Math.max(worst, Math.abs(g[i]! - w[i]!));
  }
  expect(worst, `${label}: worst |got − want| against max |want| ${scale}`).toBeLessThanOrEqual(RTOL * scale);
}

/** Batch norm in training mode composed of ops, as norm computed it before the fused kernel. */
function composedBatchNorm(x: Tensor, weight: Tensor, bias: Tensor, eps: number): { out: Tensor; mean: Tensor; variance: Tensor } {
  const shape = [1, x.shape[1]!, 1, 1];
  const mean = x.mean([0, 2, 3], true);
  const centered = x.sub(mean);
  const variance = centered.square().mean([0, 2, 3], true);
  const out = centered.mul(variance.add(eps).rsqrt().mul(weight.reshape(shape))).add(bias.reshape(shape));
  return { out, mean: mean.reshape([-1]), variance: variance.reshape([-1]) };
}

describe('batchNorm in training mode, fused', () => {
  onBackendWithoutLeaks(() => cpu({ threads: 2 }));

  it('matches the op-by-op composition on [8, 16, 24, 24]: output, gradients and running statistics', () => {
    // Channels centred away from zero, as after a convolution.
    const x = tidy(() => randn([8, 16, 24, 24], { seed: 1 }).mul(3).add(1));
    x.requiresGrad = true;
    const [weight, bias] = [randn([16], { seed: 2, requiresGrad: true }), randn([16], { seed: 3, requiresGrad: true })];
    const gy = randn([8, 16, 24, 24], { seed: 4 });
    const [rm, rv] = [zeros([16]), ones([16])];
    /** f()'s output, kept, and the gradients of Σ f()·gy wrt x, weight and bias. */
    const run = (f: () => Tensor) => {
      const out = tidy(() => {
        const y = f();
        y.mul(gy).sum().backward();
        return y;
      });
      const grads = [x.grad!, weight.grad!, bias.grad!];
      x.grad = weight.grad = bias.grad = null;
      return { out, grads };
    };
    const fused = run(() => batchNorm(x, rm, rv, weight, bias, { training: true, momentum: 0.3 }));
    let stats: Tensor[] = [];
    const composed = run(() => {
      const { out, mean, variance } = composedBatchNorm(x, weight, bias, 1e-5);
      stats = [keep(mean), keep(variance)];
      return out;
    });
    tidy(() => {
      expectClose('out', fused.out, composed.out);
      ['x', 'weight', 'bias'].forEach((name, i) => expectClose(`grad of ${name}`, fused.grads[i]!, composed.grads[i]!));
      const n = 8 * 24 * 24;
      expectClose('runningMean', rm, stats[0]!.mul(0.3));
      expectClose('runningVar', rv, stats[1]!.mul((0.3 * n) / (n - 1)).add(0.7));
    });
    for (const t of [x, weight, bias, gy, rm, rv, fused.out, composed.out, ...fused.grads, ...composed.grads, ...stats]) t.dispose();
  });

  it('BatchNorm2d trains through it and leaves no tensors behind', () => {
    const bn = new BatchNorm2d(4);
    const x = randn([4, 4, 16, 16], { seed: 5, requiresGrad: true });
    tidy(() => bn.forward(x).square().sum().backward());
    expect(bn.weight!.grad).not.toBeNull();
    expect([...bn.numBatchesTracked!.dataSync()]).toEqual([1]);
    x.dispose();
    bn.dispose();
  });

  it('names batchNorm, the argument and both dtypes when weight and input dtypes differ', () => {
    const x = randn([2, 3, 2]);
    const w = ones([3], { dtype: 'float64' });
    expect(() => batchNorm(x, null, null, w, null, { training: true })).toThrow(
      'batchNorm: weight has dtype float64 but input has float32 (expected equal)',
    );
    for (const t of [x, w]) t.dispose();
  });

  it('names batchNorm and the dtype of an int32 input', () => {
    const x = zeros([2, 3, 2], { dtype: 'int32' });
    expect(() => batchNorm(x, null, null, null, null, { training: true })).toThrow(
      'batchNorm: input must have dtype float32 or float64 but got int32',
    );
    x.dispose();
  });

  it('in eval mode names batchNorm and the running statistic whose dtype differs from the input', () => {
    const x = randn([2, 3, 2]);
    const [mean, variance] = [zeros([3], { dtype: 'float64' }), ones([3], { dtype: 'float64' })];
    expect(() => batchNorm(x, mean, variance)).toThrow('batchNorm: runningMean has dtype float64 but input has float32 (expected equal)');
    const xi = zeros([2, 3, 2], { dtype: 'int32' });
    expect(() => batchNorm(xi, mean, variance)).toThrow('batchNorm: input must have dtype float32 or float64 but got int32');
    for (const t of [x, xi, mean, variance]) t.dispose();
  });

  it('with relu gives relu(batchNorm(x)) to the bit, and its gradients, in training and in eval mode', () => {
    const bits = (t: Tensor) => Array.from(new Int32Array(Float32Array.from(t.dataSync()).buffer));
    for (const training of [true, false]) {
      const run = (relu: boolean) =>
        tidy(() => {
          const x = randn([8, 16, 12, 12], { seed: 41, requiresGrad: true });
          const [w, b] = [randn([16], { seed: 42, requiresGrad: true }), randn([16], { seed: 43, requiresGrad: true })];
          const [mean, variance] = [randn([16], { seed: 44 }).mul(0.1), ones([16]).mul(1.5)];
          const y = batchNorm(x, mean, variance, w, b, { training, relu });
          const out = relu ? y : y.relu();
          out
            .mul(randn(out.shape, { seed: 45 }))
            .sum()
            .backward();
          return [out, x.grad!, w.grad!, b.grad!, mean, variance].map((t) => keep(t.detach()));
        });
      const [fused, apart] = [run(true), run(false)];
      fused.forEach((t, i) => expect(bits(t), `${training ? 'training' : 'eval'} tensor ${i}`).toEqual(bits(apart[i]!)));
      expect(fused[0]!.dataSync().some((v) => v === 0)).toBe(true);
      for (const t of [...fused, ...apart]) t.dispose();
    }
  });
});
