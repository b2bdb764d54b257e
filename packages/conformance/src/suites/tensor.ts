import { describe, it, expect } from 'vitest';
import { arange, cat, eye, full, linspace, memory, ones, rand, randn, stack, tensor, tidy, where, zeros } from '@stride/core-tensor';

/** Creation, views, broadcasting and dtype rules of Tensor itself. */
export function tensorSuite(): void {
  describe('tensor', () => {
    it('creates from nested arrays and infers the shape', async () => {
      const t = tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(t.shape).toEqual([2, 3]);
      expect(t.dtype).toBe('float32');
      expect(Array.from(await t.data())).toEqual([1, 2, 3, 4, 5, 6]);
      t.dispose();
    });

    it('creates int32 tensors and keeps Int32Array dtype', async () => {
      const a = tensor([1, 2, 3], [3], { dtype: 'int32' });
      const b = tensor(new Int32Array([4, 5]));
      expect(a.dtype).toBe('int32');
      expect(b.dtype).toBe('int32');
      expect(await b.data()).toBeInstanceOf(Int32Array);
      a.dispose();
      b.dispose();
    });

    it('fills zeros, ones, full, arange, linspace and eye', async () => {
      const ts = [
        zeros([2, 2]),
        ones([3]),
        full([2], 7),
        arange(5),
        arange(7, { start: 1, step: 2, dtype: 'int32' }),
        linspace(0, 1, 5),
        eye(3),
      ];
      const values = await Promise.all(ts.map(async (t) => Array.from(await t.data())));
      expect(values).toEqual([
        [0, 0, 0, 0],
        [1, 1, 1],
        [7, 7],
        [0, 1, 2, 3, 4],
        [1, 3, 5],
        [0, 0.25, 0.5, 0.75, 1],
        [1, 0, 0, 0, 1, 0, 0, 0, 1],
      ]);
      ts.forEach((t) => t.dispose());
    });

    it('draws the same random numbers for the same seed and different ones otherwise', async () => {
      const [a, b, c] = [rand([1000], { seed: 3 }), rand([1000], { seed: 3 }), rand([1000], { seed: 4 })];
      const [da, db, dc] = await Promise.all([a.data(), b.data(), c.data()]);
      expect(Array.from(da)).toEqual(Array.from(db));
      expect(Array.from(da)).not.toEqual(Array.from(dc));
      expect(Math.min(...da)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...da)).toBeLessThan(1);
      [a, b, c].forEach((t) => t.dispose());
    });

    it('draws normal numbers with mean near 0 and std near 1', async () => {
      const n = randn([20000], { seed: 11 });
      const v = Array.from(await n.data());
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
      expect(Math.abs(m)).toBeLessThan(0.03);
      expect(Math.abs(sd - 1)).toBeLessThan(0.03);
      n.dispose();
    });

    it('broadcasts [3,1] with [1,4] to [3,4] as NumPy does', async () => {
      const out = tidy(() => arange(3).reshape(3, 1).add(arange(4).reshape(1, 4)));
      expect(out.shape).toEqual([3, 4]);
      expect(Array.from(await out.data())).toEqual([0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5]);
      out.dispose();
    });

    it('reshape and permute share storage instead of copying', () => {
      const x = arange(24);
      const before = memory().numBytes;
      const v = tidy(() => x.reshape(2, 3, 4).permute(2, 0, 1).transpose(0, 1));
      expect(memory().numBytes).toBe(before);
      expect(v.shape).toEqual([2, 4, 3]);
      v.dispose();
      x.dispose();
    });

    it('reads a permuted, sliced view in logical order', async () => {
      const x = tidy(() => arange(12).reshape(3, 4));
      const v = tidy(() => x.t().slice(0, 1, 4, 2));
      expect(v.shape).toEqual([2, 3]);
      expect(Array.from(await v.data())).toEqual([1, 5, 9, 3, 7, 11]);
      v.dispose();
      x.dispose();
    });

    it('keeps the base buffer alive while a view is alive', async () => {
      const x = arange(6);
      const v = x.reshape(2, 3);
      x.dispose();
      expect(Array.from(await v.data())).toEqual([0, 1, 2, 3, 4, 5]);
      v.dispose();
    });

    it('promotes int32 with float32 to float32 and divides ints as floats', async () => {
      const i = tensor([1, 2, 3], [3], { dtype: 'int32' });
      const out = tidy(() => [i.add(0.5), i.div(2), i.mul(2)]);
      expect(out.map((t) => t.dtype)).toEqual(['float32', 'float32', 'int32']);
      expect(Array.from(await out[1]!.data())).toEqual([0.5, 1, 1.5]);
      out.forEach((t) => t.dispose());
      i.dispose();
    });

    it('concatenates, stacks and selects with where', async () => {
      const a = tidy(() => arange(4).reshape(2, 2));
      const b = full([2, 2], 9);
      const [c, s, w] = tidy(() => [cat([a, b], 1), stack([a, b]), where(a.gt(1), a, b)]);
      expect(c!.shape).toEqual([2, 4]);
      expect(Array.from(await c!.data())).toEqual([0, 1, 9, 9, 2, 3, 9, 9]);
      expect(s!.shape).toEqual([2, 2, 2]);
      expect(Array.from(await w!.data())).toEqual([9, 9, 2, 3]);
      [a, b, c!, s!, w!].forEach((t) => t.dispose());
    });

    it('reduces with sum, mean, max, argmax over dims and keepdim', async () => {
      const x = tensor([
        [1, 5, 2],
        [7, 0, 7],
      ]);
      const [s, m, mx, am, k] = tidy(() => [x.sum(), x.mean(1), x.max(1), x.argmax(1), x.sum(0, true)]);
      expect(Array.from(await s!.data())).toEqual([22]);
      expect(s!.shape).toEqual([]);
      expect(Array.from(await m!.data()).map((v) => +v.toFixed(5))).toEqual([2.66667, 4.66667]);
      expect(Array.from(await mx!.data())).toEqual([5, 7]);
      expect(Array.from(await am!.data())).toEqual([1, 0]);
      expect(k!.shape).toEqual([1, 3]);
      [x, s!, m!, mx!, am!, k!].forEach((t) => t.dispose());
    });

    it('gives the variance with Bessel correction like torch.var', async () => {
      const x = tensor([1, 2, 3, 4]);
      const v = x.var();
      expect((await v.data())[0]).toBeCloseTo(1.6666666, 5);
      v.dispose();
      x.dispose();
    });

    it('tidy disposes intermediates and keeps the result', () => {
      const before = memory().numTensors;
      const y = tidy(() => ones([4]).mul(2).add(1).exp());
      expect(memory().numTensors).toBe(before + 1);
      y.dispose();
      expect(memory().numTensors).toBe(before);
    });

    it('Symbol.dispose frees a tensor at the end of a using block', () => {
      const before = memory().numTensors;
      {
        const t = ones([3]);
        t[Symbol.dispose]();
        expect(t.isDisposed).toBe(true);
      }
      expect(memory().numTensors).toBe(before);
    });
  });
}
