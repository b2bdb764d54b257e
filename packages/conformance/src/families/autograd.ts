import { expect, it } from 'vitest';
import { functional as F, keep, memory, noGrad, ones, rand, tensor, tidy } from '@stride/core-tensor';
import type { Family } from '../harness/family.js';

/** Tape semantics: accumulation, noGrad, detach, graph freeing, and the training-step pattern. */
export const autograd = {
  title: 'autograd',
  fixtures: [],
  ops: {},
  tests: () => {
    it('accumulates gradients across backward calls, as PyTorch', async () => {
      const x = tensor([1, 2, 3], [3], { requiresGrad: true });
      tidy(() => x.mul(x).sum().backward());
      tidy(() => x.mul(3).sum().backward());
      expect(Array.from(await x.grad!.data())).toEqual([5, 7, 9]);
      x.dispose();
    });

    it('sums the gradient of a tensor used twice', async () => {
      const x = tensor([2], [1], { requiresGrad: true });
      tidy(() => x.mul(x).add(x).sum().backward());
      expect(Array.from(await x.grad!.data())).toEqual([5]);
      x.dispose();
    });

    it('records nothing under noGrad and after detach', () => {
      const x = ones([2], { requiresGrad: true });
      tidy(() => {
        expect(noGrad(() => x.mul(2)).requiresGrad).toBe(false);
        expect(x.detach().mul(2).requiresGrad).toBe(false);
        expect(x.mul(2).requiresGrad).toBe(true);
      });
      x.dispose();
    });

    it('refuses a second backward through a freed graph unless retainGraph', () => {
      const x = ones([2], { requiresGrad: true });
      tidy(() => {
        const y = x.exp().sum();
        y.backward(undefined, { retainGraph: true });
        y.backward();
        expect(() => y.backward()).toThrow(/backward: the graph through .* was freed/);
      });
      x.dispose();
    });

    it('needs an explicit gradient for non-scalar outputs', () => {
      const x = ones([2], { requiresGrad: true });
      tidy(() => {
        expect(() => x.mul(2).backward()).toThrow(/only for one-element outputs.*\[2\]/);
      });
      x.dispose();
    });

    it('runs the canonical training step without leaking', async () => {
      const w = rand([3, 4], { seed: 1, requiresGrad: true });
      const x = rand([5, 4], { seed: 2 });
      const y = tensor([0, 1, 2, 1, 0], [5], { dtype: 'int32' });
      const before = memory().numTensors;
      let params = w;
      for (let step = 0; step < 3; step++) {
        const loss = tidy(() => {
          const loss = F.crossEntropy(F.linear(x, params), y);
          loss.backward();
          const next = keep(noGrad(() => params.sub(params.grad!.mul(0.1))));
          next.requiresGrad = true;
          params.dispose();
          params = next;
          return loss;
        });
        expect(Number.isFinite((await loss.data())[0])).toBe(true);
        loss.dispose();
        expect(memory().numTensors).toBe(before);
      }
      [params, x, y].forEach((t) => t.dispose());
    });

    it('frees a leaf gradient together with its leaf', () => {
      const before = memory().numTensors;
      const x = ones([4], { requiresGrad: true });
      tidy(() => x.sum().backward());
      expect(x.grad).not.toBeNull();
      x.dispose();
      expect(memory().numTensors).toBe(before);
    });

    it('backward into a disposed .grad says so before changing any gradient', async () => {
      const x = tensor([1, 2, 3], [3], { requiresGrad: true });
      const w = tensor([4, 5, 6], [3], { requiresGrad: true });
      try {
        tidy(() => x.mul(w).sum().backward());
        const wGrad = w.grad!;
        x.grad!.dispose();
        const loss = tidy(() => x.mul(w).sum());
        expect(() => loss.backward()).toThrow(
          /^backward: the \.grad of a leaf tensor \(shape \[3\]\) was disposed, so the new gradient cannot be accumulated into it; set it to null or call zeroGrad\(\) first/,
        );
        loss.dispose();
        expect(w.grad).toBe(wGrad);
        expect(Array.from(await wGrad.data())).toEqual([1, 2, 3]);
        x.grad = null;
      } finally {
        x.dispose();
        w.dispose();
      }
    });
  },
} satisfies Family;
