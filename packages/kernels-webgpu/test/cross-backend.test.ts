import { describe, expect, it } from 'vitest';
import { adamStep, functional as F, keep, rand, randn, sgdStep, tidy, type Tensor } from '@stride/core-tensor';
import type { Backend } from '@stride/core-tensor/backend';
import { cpu } from '@stride/kernels-cpu';
import { webgpu } from '../src/index.js';

// The conformance fixtures are small, so most GEMMs there take the 'wide' tile. These odd,
// larger shapes reach the 'square' tile and a split-K weight gradient, checked against the
// CPU backend with the suite's rule: max|gpu − cpu| ≤ 1e-7 + 1e-5 · max|cpu|.
const host = cpu();
const gpu = await webgpu();

/** Runs `build` on both backends inside tidy (leaves and their gradients die with it) and compares what it returns. */
async function compare(build: (b: Backend) => Tensor[]): Promise<void> {
  const [want, got] = [host, gpu].map((b) => tidy(() => build(b)));
  for (let i = 0; i < want!.length; i++) {
    const [w, g] = [await want![i]!.data(), await got![i]!.data()];
    expect(got![i]!.shape).toEqual(want![i]!.shape);
    let scale = 0;
    let worst = 0;
    for (let j = 0; j < w.length; j++) {
      scale = Math.max(scale, Math.abs(w[j]!));
      worst = Math.max(worst, Math.abs(w[j]! - g[j]!));
    }
    expect(worst, `output ${i}: worst |diff| ${worst} against max|cpu| ${scale}`).toBeLessThanOrEqual(1e-7 + 1e-5 * scale);
  }
  [...want!, ...got!].forEach((t) => t.dispose());
}

describe('webgpu against cpu on odd shapes that reach both tile shapes and split K', () => {
  it('matmul of 100×37 and 37×70 (square tiles)', () =>
    compare((b) => [randn([100, 37], { seed: 9, backend: b }).matmul(randn([37, 70], { seed: 10, backend: b }))]));

  it('matmul of a transposed 45×70 view and a broadcast batch (wide tiles)', () =>
    compare((b) => {
      const a = randn([3, 45, 70], { seed: 1, backend: b }).transpose(1, 2);
      const c = randn([1, 45, 131], { seed: 2, backend: b });
      return [a.matmul(c)];
    }));

  it('conv2d with 40 output channels, stride 2, dilation and padding, with both gradients', () =>
    compare((b) => {
      const x = randn([3, 6, 17, 15], { seed: 3, backend: b, requiresGrad: true });
      const w = randn([40, 6, 3, 4], { seed: 4, backend: b, requiresGrad: true });
      const y = F.conv2d(x, w, null, { stride: 2, padding: [1, 2], dilation: [2, 1] });
      y.backward(randn(y.shape, { seed: 5, backend: b }));
      return [y, x.grad!.mul(1), w.grad!.mul(1)];
    }));

  it('conv2d with one input channel and depthwise conv2d, whose input gradients are gathered directly', () =>
    compare((b) => {
      const x = randn([3, 1, 17, 15], { seed: 11, backend: b, requiresGrad: true });
      const w = randn([20, 1, 5, 5], { seed: 12, backend: b, requiresGrad: true });
      const y = F.conv2d(x, w, null, { stride: 2, padding: 2 });
      const d = randn([2, 8, 9, 7], { seed: 13, backend: b, requiresGrad: true });
      const k = randn([16, 1, 3, 3], { seed: 14, backend: b, requiresGrad: true });
      const z = F.conv2d(d, k, null, { padding: 1, dilation: [1, 2], groups: 8 });
      y.backward(randn(y.shape, { seed: 15, backend: b }));
      z.backward(randn(z.shape, { seed: 16, backend: b }));
      return [x.grad!.mul(1), d.grad!.mul(1), k.grad!.mul(1)];
    }));

  it('grouped conv2d with 48 input channels per group, whose input gradient uses the square tile', () =>
    compare((b) => {
      const x = randn([2, 96, 9, 9], { seed: 6, backend: b, requiresGrad: true });
      const w = randn([36, 48, 3, 3], { seed: 7, backend: b, requiresGrad: true });
      const y = F.conv2d(x, w, null, { padding: 1, groups: 2 });
      y.backward(randn(y.shape, { seed: 8, backend: b }));
      return [y, x.grad!.mul(1), w.grad!.mul(1)];
    }));
});

describe('random numbers', () => {
  it('draws bit-identical uniforms to the cpu backend for the same seed', async () => {
    const [want, got] = [host, gpu].map((b) => rand([4099], { seed: 12345, backend: b }));
    expect(Array.from(await got!.data())).toEqual(Array.from(await want!.data()));
    [want!, got!].forEach((t) => t.dispose());
  });

  it('draws normals within a few float32 ulps of the cpu backend for the same seed', async () => {
    const [want, got] = [host, gpu].map((b) => randn([4099], { seed: 777, backend: b }));
    const [w, g] = [await want!.data(), await got!.data()];
    let worst = 0;
    for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i]! - g[i]!) / Math.max(1, Math.abs(w[i]!)));
    expect(worst).toBeLessThan(4 * 2 ** -23);
    [want!, got!].forEach((t) => t.dispose());
  });
});

describe("webgpu batch norm (two dispatches each way) against cpu at a ResNet block's size", () => {
  for (const relu of [false, true]) {
    it(`training-mode batch norm${relu ? ' + ReLU' : ''} on [32, 16, 32, 32]: output, statistics and every gradient`, () =>
      compare((b) => {
        const x = randn([32, 16, 32, 32], { seed: 21, backend: b, requiresGrad: true });
        const [w, bias] = [
          randn([16], { seed: 22, backend: b, requiresGrad: true }),
          randn([16], { seed: 23, backend: b, requiresGrad: true }),
        ];
        const { out, mean, variance } = F.batchNormTraining(x.mul(2).add(1), w, bias, { relu });
        out
          .mul(randn(out.shape, { seed: 24, backend: b }))
          .sum()
          .backward();
        // Clones: a leaf made inside tidy takes its gradient with it.
        return [out, mean, variance, ...[x, w, bias].map((t) => t.grad!.clone())];
      }));
  }
});

describe('webgpu optimizer steps (one dispatch each) against cpu over three steps', () => {
  const sgds = [
    { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
    { lr: 0.05, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 5e-4 },
    { lr: 0.05, momentum: 0.8, dampening: 0.1, nesterov: false, weightDecay: 0 },
  ];
  for (const h of sgds) {
    it(`SGD momentum ${h.momentum}${h.nesterov ? ' Nesterov' : ''}, weight decay ${h.weightDecay}: parameter and buffer`, () =>
      compare((b) => {
        const p = keep(randn([37, 29], { seed: 31, backend: b }));
        let buffer: Tensor | null = null;
        for (let step = 0; step < 3; step++) {
          const g = randn([37, 29], { seed: 32 + step, backend: b });
          buffer = sgdStep(p, g, buffer, h) ?? buffer;
        }
        return buffer ? [p, buffer] : [p];
      }));
  }
  for (const decoupled of [false, true]) {
    it(`${decoupled ? 'AdamW' : 'Adam with weight decay'}: parameter and both moments`, () =>
      compare((b) => {
        const p = keep(randn([300], { seed: 41, backend: b }));
        const [m, v] = [keep(randn([300], { seed: 42, backend: b }).mul(0)), keep(randn([300], { seed: 43, backend: b }).mul(0))];
        for (let step = 1; step <= 3; step++) {
          const g = randn([300], { seed: 44 + step, backend: b });
          adamStep(p, g, m, v, null, {
            lr: 0.01,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weightDecay: 0.01,
            decoupledWeightDecay: decoupled,
            step,
          });
        }
        return [p, m, v];
      }));
  }
});
