import { expect, it } from 'vitest';
import { arange, memory, ones, randn, tensor, tidy, zeros } from '@stride/core-tensor';
import { has } from '../harness/capabilities.js';
import { disposing } from '../harness/disposing.js';
import type { Family } from '../harness/family.js';

/** Who frees what: tidy, dispose, views that keep their base alive, and a tensor used after dispose. */
export const memoryAndDisposal = {
  title: 'memory and disposal',
  fixtures: [],
  ops: {},
  tests: () => {
    it('tidy disposes intermediates and keeps the result', () => {
      const before = memory().numTensors;
      const y = tidy(() => ones([4]).mul(2).add(1).exp());
      expect(memory().numTensors).toBe(before + 1);
      y.dispose();
      expect(memory().numTensors).toBe(before);
    });

    it('tidy returns typed arrays as they are, beside the tensors it keeps', () => {
      const before = memory().numTensors;
      const values = new Float32Array(1 << 20).fill(3);
      const out = tidy(() => ({ values, y: ones([2]).mul(2), nested: [values.subarray(1), 7] }));
      expect(out.values).toBe(values);
      expect(out.nested[0]).toBeInstanceOf(Float32Array);
      expect(memory().numTensors).toBe(before + 1);
      out.y.dispose();
      expect(memory().numTensors).toBe(before);
    });

    it('an error inside tidy disposes the tensors tidy created', () =>
      disposing((own) => {
        const b = own(randn([3], { seed: 1 }));
        expect(() => tidy(() => randn([2], { seed: 2 }).mul(2).add(b))).toThrow(
          /^add: shapes \[2\] \(input\) and \[3\] \(other\) do not broadcast/,
        );
      }));

    it('Symbol.dispose frees a tensor at the end of a using block', () => {
      const before = memory().numTensors;
      {
        const t = ones([3]);
        t[Symbol.dispose]();
        expect(t.isDisposed).toBe(true);
      }
      expect(memory().numTensors).toBe(before);
    });

    it('keeps the base buffer alive while a view is alive', async () => {
      const x = arange(6);
      const v = x.reshape(2, 3);
      x.dispose();
      expect(Array.from(await v.data())).toEqual([0, 1, 2, 3, 4, 5]);
      v.dispose();
    });

    it('data() of a disposed tensor rejects naming data', async () => {
      const x = zeros([2, 2]);
      x.dispose();
      await expect(x.data()).rejects.toThrow(/^data: input was disposed \(shape \[2, 2\], float32\)/);
    });

    it('dataSync() of a disposed tensor names dataSync', (ctx) => {
      if (!has('readSync')) return ctx.skip();
      const x = zeros([3]);
      x.dispose();
      expect(() => x.dataSync()).toThrow(/^dataSync: input was disposed \(shape \[3\], float32\)/);
    });

    it('backward() from a disposed output names backward', () =>
      disposing((own) => {
        const x = own(tensor([1, 2, 3], [3], { requiresGrad: true }));
        const y = x.sum();
        y.dispose();
        expect(() => y.backward()).toThrow(/^backward: .*disposed/);
      }));

    it('backward() through a graph whose input was disposed names the op and the input', () =>
      disposing((own) => {
        const x = tensor([1, 2, 3], [3], { requiresGrad: true });
        const y = own(tidy(() => x.mul(x).sum()));
        x.dispose();
        expect(() => y.backward()).toThrow(/^(backward|mul): (input|other) was disposed \(shape \[3\], float32\)/);
      }));
  },
} satisfies Family;
