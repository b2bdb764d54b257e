import { expect, it } from 'vitest';
import { functional as F, grad, gradgradcheck, memory, noGrad, randn, tensor, tidy, type Tensor } from '@stride/core-tensor';
import { has } from '../harness/capabilities.js';
import type { Family } from '../harness/family.js';

/**
 * Gradients of gradients: backward({ createGraph: true }) and grad() record the backward pass, so
 * a gradient penalty trains. gradgradcheck compares second derivatives with finite differences
 * (float64 and synchronous reads: the CPU backend); the rest runs everywhere.
 */
export const secondOrder = {
  title: 'second-order gradients',
  fixtures: [],
  ops: {},
  tests: () => {
    it('backward({ createGraph: true }) gives a .grad with a graph: d²(x³)/dx² = 6x', async () => {
      const x = tensor([1, -2, 0.5], [3], { requiresGrad: true });
      const before = memory().numTensors;
      const [dx, d2x] = tidy(() => {
        x.mul(x).mul(x).sum().backward({ createGraph: true });
        const dx = x.grad!;
        expect(dx.requiresGrad).toBe(true);
        x.grad = null;
        dx.sum().backward();
        return [dx, x.grad!];
      });
      expect(Array.from(await dx.data())).toEqual([3, 12, 0.75]);
      expect(Array.from(await d2x.data())).toEqual([6, -12, 3]);
      for (const t of [dx, d2x, x]) t.dispose();
      expect(memory().numTensors).toBe(before - 1);
    });

    it('grad() returns the gradients without touching .grad, and null for an unused input', async () => {
      const x = tensor([1, 2], [2], { requiresGrad: true });
      const unused = tensor([5], [1], { requiresGrad: true });
      const [gx, gu] = tidy(() => grad(x.mul(x).sum(), [x, unused]));
      expect(Array.from(await gx!.data())).toEqual([2, 4]);
      expect(gu).toBeNull();
      expect(x.grad).toBeNull();
      for (const t of [gx!, x, unused]) t.dispose();
    });

    it('grad() refuses an input that does not require grad, naming it', () => {
      const x = tensor([1, 2], [2], { requiresGrad: true });
      const c = tensor([1, 2], [2]);
      tidy(() => {
        expect(() => grad(x.mul(c).sum(), [x, c])).toThrow(
          /^grad: inputs\[1\] \(shape \[2\]\) does not require grad \(expected every input to\)/,
        );
      });
      for (const t of [x, c]) t.dispose();
    });

    it('a gradient penalty (WGAN-GP style) trains through conv, ReLU, pooling and linear layers', async () => {
      const w1 = randn([3, 1, 3, 3], { seed: 1, requiresGrad: true });
      const w2 = randn([2, 3 * 3 * 3], { seed: 2, requiresGrad: true });
      const x = randn([2, 1, 7, 7], { seed: 3, requiresGrad: true });
      tidy(() => {
        const score = F.linear(F.avgPool2d(F.relu(F.conv2d(x, w1)), { kernelSize: 2, stride: 2, ceilMode: true }).flatten(1), w2).sum();
        const [gx] = grad(score, [x], { createGraph: true });
        const penalty = gx!.mul(gx!).sum();
        penalty.backward();
      });
      for (const w of [w1, w2]) {
        expect(w.grad).not.toBeNull();
        const g = await w.grad!.data();
        expect(g.some((v) => v !== 0)).toBe(true);
      }
      for (const t of [w1, w2, x]) t.dispose();
    });

    it("gradgradcheck passes for a conv net's gradient penalty (conv, ReLU, batch norm, average pooling, linear)", (ctx) => {
      if (!has('float64') || !has('readSync')) return ctx.skip();
      const inputs = [
        randn([2, 2, 5, 5], { seed: 4, dtype: 'float64' }),
        randn([3, 2, 3, 3], { seed: 5, dtype: 'float64' }),
        randn([3], { seed: 6, dtype: 'float64' }),
        randn([2, 3], { seed: 7, dtype: 'float64' }),
      ];
      // A smooth stand-in for ReLU (softplus) keeps finite differences off the kink; ReLU's own
      // second derivative is zero almost everywhere and is checked on its own below.
      const net = (x: Tensor, w: Tensor, b: Tensor, v: Tensor) => {
        const h = F.softplus(F.conv2d(x, w, b, { padding: 1 }));
        const n = F.batchNormTraining(h).out;
        return F.linear(F.avgPool2d(n, { kernelSize: 5 }).flatten(1), v);
      };
      try {
        expect(gradgradcheck(net, inputs, { atol: 1e-4, rtol: 1e-3 })).toBe(true);
      } finally {
        for (const t of inputs) t.dispose();
      }
    });

    it('gradgradcheck passes for relu, transposed convolution and matmul', (ctx) => {
      if (!has('float64') || !has('readSync')) return ctx.skip();
      const x = tensor(new Float64Array([0.7, -1.3, 2.1, -0.4, 1.7, 0.9, -2.2, 0.3]), [1, 2, 2, 2], { dtype: 'float64' });
      const w = randn([2, 3, 2, 2], { seed: 8, dtype: 'float64' });
      try {
        const fn = (a: Tensor, b: Tensor) =>
          F.convTranspose2d(F.relu(a), b, null, { stride: 2 })
            .mul(a.sum())
            .matmul(b.reshape([2, 12]).t().slice(0, 0, 4));
        expect(gradgradcheck(fn, [x, w])).toBe(true);
      } finally {
        for (const t of [x, w]) t.dispose();
      }
    });

    it('gradgradcheck passes through max pooling, reflect padding and bilinear resampling', (ctx) => {
      if (!has('float64') || !has('readSync')) return ctx.skip();
      // Distinct values a step apart: no window has a tie for its maximum, however it is nudged.
      const x = tensor(
        Float64Array.from({ length: 36 }, (_, i) => ((i * 17) % 36) * 0.25 - 4),
        [1, 1, 6, 6],
        { dtype: 'float64' },
      );
      const w = randn([2, 1, 3, 3], { seed: 9, dtype: 'float64' });
      try {
        const fn = (a: Tensor, b: Tensor) => {
          const padded = F.pad(F.conv2d(a, b), [1, 1, 1, 1], { mode: 'reflect' });
          return F.interpolate(F.maxPool2d(padded.mul(padded), { kernelSize: 2 }), {
            scaleFactor: 2,
            mode: 'bilinear',
            alignCorners: false,
          });
        };
        expect(gradgradcheck(fn, [x, w], { atol: 1e-4 })).toBe(true);
      } finally {
        for (const t of [x, w]) t.dispose();
      }
    });

    it('createGraph inside noGrad is an error that says why', () => {
      const x = tensor([1], [1], { requiresGrad: true });
      tidy(() => {
        const y = x.mul(x).sum();
        expect(() => noGrad(() => y.backward({ createGraph: true }))).toThrow(
          'backward: createGraph needs grad mode on, but it runs inside noGrad()',
        );
      });
      x.dispose();
    });
  },
} satisfies Family;
