import { expect, it } from 'vitest';
import {
  gather,
  getBackend,
  indexAdd,
  indexSelect,
  maskedFill,
  scatter,
  scatterAdd,
  tensor,
  tidy,
  where,
  zeros,
  type Tensor,
} from '@stride/core-tensor';
import type { DataId, Dense } from '@stride/core-tensor/backend';
import { disposing } from '../harness/disposing.js';
import { errorCase } from '../harness/errors.js';
import type { Own } from '../harness/disposing.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import type { Inputs, Rng } from '../harness/random-inputs.js';
import indexingFixtures from '../../fixtures/indexing.json' with { type: 'json' };

const int32 = { dtype: 'int32' } as const;

/** gather/scatter and index_select/index_add (int32 indices, own kernels), masked_fill and where. */
export const indexing = {
  title: 'indexing',
  fixtures: [fixtureFile(indexingFixtures)],
  ops: {
    gather: {
      fixture: (t, o) => gather(arg(t, 'x'), o.dim as number, arg(t, 'index')),
      gradcheck: [
        gradcheckCase('gather along a random dim, repeated indices', (r, g) => {
          const shape = r.shape(3);
          const dim = r.int(0, 2);
          const index = g.targets(
            shape.map((n, i) => (i === dim ? r.int(1, 5) : n)),
            shape[dim]!,
          );
          return [(x) => gather(x, dim, index), [g.normal(shape)]];
        }),
        gradcheckCase('gather along -1 with an index smaller off the dim', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(2, 4)];
          const index = g.targets([m - 1, 3], n);
          return [(x) => gather(x, -1, index), [g.normal([m, n])]];
        }),
      ],
      errors: [
        errorCase('gather of a disposed input names gather and input', (own) => {
          const x = zeros([4]);
          const index = own(tensor([0], [1], int32));
          x.dispose();
          expect(() => gather(x, 0, index)).toThrow(/^gather: input was disposed \(shape \[4\], float32\)/);
        }),
        errorCase('gather with a float32 index names index, int32 and float32', (own) => {
          const [x, index] = [own(zeros([2, 3])), own(tensor([[0, 1]]))];
          expect(() => gather(x, 1, index)).toThrow(/^gather: index must have dtype int32 but got float32/);
        }),
        errorCase('gather along dim 2 of a 2-D input names dim and the range', (own) => {
          const [x, index] = [own(zeros([2, 3])), own(tensor([[0]], [1, 1], int32))];
          expect(() => gather(x, 2, index)).toThrow(/^gather: dim is 2 but must be an integer in \[-2, 1\] for a tensor of rank 2/);
        }),
        errorCase('gather with an index larger than input off the dim names both shapes and the dimension', (own) => {
          const [x, index] = [own(zeros([3, 4])), own(zeros([4, 2], int32))];
          expect(() => gather(x, 1, index)).toThrow(
            /^gather: index has shape \[4, 2\] but input has \[3, 4\]: dimension 0 is 4 in index \(expected at most 3 in every dimension but dim 1\)/,
          );
        }),
        errorCase('gather with an index of another rank names both ranks', (own) => {
          const [x, index] = [own(zeros([3, 4])), own(zeros([3], int32))];
          expect(() => gather(x, 0, index)).toThrow(/^gather: index has shape \[3\] \(rank 1\) but input has \[3, 4\] \(expected rank 2\)/);
        }),
        ...outOfRange('gather', (x, index) => gather(x, 1, index)),
      ],
    },
    scatter: {
      fixture: (t, o) => scatter(arg(t, 'x'), o.dim as number, arg(t, 'index'), t.src ?? (o.src as number)),
      gradcheck: [
        gradcheckCase('scatter of a larger src (distinct indices), in both inputs', (r, g) => {
          const [n, k] = [r.odd(3, 5), r.int(2, 4)];
          const index = distinctAlongRows(r, g, [n - 1, k], n);
          return [(x, src) => scatter(x, 0, index, src), [g.normal([n, k]), g.normal([n, k + 1])]];
        }),
        gradcheckCase('scatter of a number along -1', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(3, 4)];
          const index = g.int32(
            Array.from({ length: m * 2 }, (_, i) => (Math.floor(i / 2) + (i % 2)) % n),
            [m, 2],
          );
          return [(x) => scatter(x, -1, index, 0.5), [g.normal([m, n])]];
        }),
      ],
      errors: [
        errorCase('scatter with a float64 src into float32 names src and both dtypes', (own) => {
          const [x, index] = [own(zeros([3])), own(tensor([1], [1], int32))];
          const src = own(zeros([1], { dtype: 'int32' }));
          expect(() => scatter(x, 0, index, src)).toThrow(/^scatter: src has dtype int32 but input has float32 \(expected equal\)/);
        }),
        errorCase('scatter with an index larger than src names both shapes', (own) => {
          const [x, index, src] = [own(zeros([3, 4])), own(zeros([2, 3], int32)), own(zeros([2, 2]))];
          expect(() => scatter(x, 0, index, src)).toThrow(
            /^scatter: index has shape \[2, 3\] but src has \[2, 2\] \(expected src of rank 2, at least as large as index in every dimension\)/,
          );
        }),
        ...outOfRange('scatter', (x, index) => scatter(x, 1, index, 1)),
      ],
    },
    scatterAdd: {
      fixture: (t, o) => scatterAdd(arg(t, 'x'), o.dim as number, arg(t, 'index'), arg(t, 'src')),
      gradcheck: [
        gradcheckCase('scatterAdd with repeated indices, in both inputs', (r, g) => {
          const shape = r.shape(3);
          const dim = r.int(0, 2);
          const indexShape = shape.map((n, i) => (i === dim ? r.int(1, 6) : n));
          const index = g.targets(indexShape, shape[dim]!);
          return [(x, src) => scatterAdd(x, dim, index, src), [g.normal(shape), g.normal(indexShape)]];
        }),
      ],
      errors: [
        errorCase('scatterAdd with an index larger than input off the dim names both shapes', (own) => {
          const [x, index, src] = [own(zeros([3, 4])), own(zeros([2, 5], int32)), own(zeros([2, 5]))];
          expect(() => scatterAdd(x, 0, index, src)).toThrow(
            /^scatterAdd: index has shape \[2, 5\] but input has \[3, 4\]: dimension 1 is 5/,
          );
        }),
        ...outOfRange('scatterAdd', (x, index, own) => scatterAdd(x, 1, index, own(zeros(index.shape)))),
      ],
    },
    indexSelect: {
      fixture: (t, o) => indexSelect(arg(t, 'x'), o.dim as number, arg(t, 'index')),
      gradcheck: [
        gradcheckCase('indexSelect along a random dim, repeated indices', (r, g) => {
          const shape = r.shape(3);
          const dim = r.int(0, 2);
          const index = g.targets([r.int(1, 6)], shape[dim]!);
          return [(x) => indexSelect(x, dim, index), [g.normal(shape)]];
        }),
      ],
      errors: [
        errorCase('indexSelect with a 2-D index names index and its shape', (own) => {
          const [x, index] = [own(zeros([3, 4])), own(zeros([2, 2], int32))];
          expect(() => indexSelect(x, 0, index)).toThrow(/^indexSelect: index must be 0-D or 1-D but got shape \[2, 2\]/);
        }),
        ...outOfRange('indexSelect', (x, index) => indexSelect(x, 1, index), { vector: true }),
      ],
    },
    indexAdd: {
      fixture: (t, o) =>
        indexAdd(
          arg(t, 'x'),
          o.dim as number,
          arg(t, 'index'),
          arg(t, 'source'),
          o.alpha === undefined ? {} : { alpha: o.alpha as number },
        ),
      gradcheck: [
        gradcheckCase('indexAdd with repeated indices and alpha, in both inputs', (r, g) => {
          const [n, m, k] = [r.odd(3, 5), r.int(1, 5), r.int(2, 3)];
          const index = g.targets([m], n);
          return [(x, source) => indexAdd(x, 1, index, source, { alpha: -0.5 }), [g.normal([k, n]), g.normal([k, m])]];
        }),
      ],
      errors: [
        errorCase('indexAdd with a source of the wrong shape names source, its shape and the expected one', (own) => {
          const [x, index, source] = [own(zeros([3, 4])), own(tensor([1, 2], [2], int32)), own(zeros([2, 3]))];
          expect(() => indexAdd(x, 0, index, source)).toThrow(
            /^indexAdd: source has shape \[2, 3\] but expected \[2, 4\] \(input's shape with index's length 2 along dim 0\)/,
          );
        }),
        ...outOfRange('indexAdd', (x, index, own) => indexAdd(x, 1, index, own(zeros([2, index.numel()]))), { vector: true }),
      ],
    },
    maskedFill: {
      fixture: (t, o) => maskedFill(arg(t, 'x'), arg(t, 'mask'), t.value ?? (o.value as number)),
      gradcheck: [
        gradcheckCase('maskedFill with a 0-d tensor value, in both inputs', (r, g) => {
          const shape = r.shape(2);
          const mask = g.targets([shape[1]!], 2);
          return [(x, value) => maskedFill(x, mask, value), [g.normal(shape), g.normal([])]];
        }),
      ],
      errors: [
        errorCase('maskedFill with a float32 mask names mask, int32 and float32', (own) => {
          const [x, mask] = [own(zeros([3])), own(zeros([3]))];
          expect(() => maskedFill(x, mask, 1)).toThrow(/^maskedFill: mask must have dtype int32 but got float32/);
        }),
        errorCase('maskedFill with a 1-D value names value and its shape', (own) => {
          const [x, mask, value] = [own(zeros([3])), own(zeros([3], int32)), own(zeros([1]))];
          expect(() => maskedFill(x, mask, value)).toThrow(/^maskedFill: value must be a number or a 0-d tensor but got shape \[1\]/);
        }),
        errorCase('maskedFill with a mask that does not broadcast names input, mask and the sizes', (own) => {
          const [x, mask] = [own(zeros([2, 3])), own(zeros([2], int32))];
          expect(() => maskedFill(x, mask, 1)).toThrow(
            /^maskedFill: shapes \[2, 3\] \(input\) and \[2\] \(mask\) do not broadcast: dimension -1 is 3 in input and 2 in mask/,
          );
        }),
      ],
    },
    where: {
      fixture: (t, o) => where(arg(t, 'condition'), arg(t, 'a'), t.b ?? (o.other as number)),
      gradcheck: [
        gradcheckCase('where with broadcasting, in both inputs', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(2, 4)];
          const condition = g.targets([m, 1], 2);
          return [(a, b) => where(condition, a, b), [g.normal([n]), g.normal([2, m, n])]];
        }),
      ],
      errors: [
        errorCase('where with a disposed condition names where and condition', (own) => {
          const condition = zeros([2], int32);
          const a = own(zeros([2]));
          condition.dispose();
          expect(() => where(condition, a, 0)).toThrow(/^where: condition was disposed \(shape \[2\], int32\)/);
        }),
      ],
    },
  },
  tests: () => {
    it('kernels given out-of-range indices stay inside the tensors: gathers read 0, scatters skip them', async () => {
      // The ops refuse such indices where they can read them (the error cases above); a backend
      // that cannot (WebGPU) relies on its kernels doing this.
      const b = getBackend();
      const ids: DataId[] = [];
      const buffer = (values: Float32Array | Int32Array, shape: number[]): Dense => {
        ids.push(b.write(values));
        return { id: ids[ids.length - 1]!, shape, dtype: values instanceof Int32Array ? 'int32' : 'float32' };
      };
      const read = async (id: DataId) => {
        ids.push(id);
        return Array.from(await b.read(id));
      };
      try {
        const x = buffer(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
        const index = buffer(Int32Array.from([2, 3, -1, 0]), [2, 2]);
        const flat = { ...index, shape: [4] };
        const src = buffer(Float32Array.from([10, 20, 30, 40, 50, 60, 70, 80]), [2, 4]);
        expect(await read(b.gather(x, index, 1))).toEqual([3, 0, 0, 4]);
        expect(await read(b.scatter(x, index, { ...src, shape: [2, 2] }, 1, 'replace'))).toEqual([1, 2, 10, 40, 5, 6]);
        expect(await read(b.scatter(x, index, { ...src, shape: [2, 2] }, 1, 'add'))).toEqual([1, 2, 13, 44, 5, 6]);
        expect(await read(b.indexSelect(x, flat, 1))).toEqual([3, 0, 0, 1, 6, 0, 0, 4]);
        expect(await read(b.indexAdd(x, flat, src, 1))).toEqual([41, 2, 13, 84, 5, 56]);
      } finally {
        for (const id of ids) b.disposeData(id);
      }
    });

    it('the Tensor methods are the functions', () =>
      disposing(async (own) => {
        const x = own(tensor([1, 2, 3, 4, 5, 6], [2, 3]));
        const index = own(tensor([2, 0, 1, 1], [2, 2], int32));
        const mask = own(tensor([1, 0, 0, 1, 1, 0], [2, 3], int32));
        const pairs = tidy(() => [
          [x.gather(1, index), gather(x, 1, index)],
          [x.scatter(1, index, 0), scatter(x, 1, index, 0)],
          [x.scatterAdd(1, index, x.slice(1, 0, 2)), scatterAdd(x, 1, index, x.slice(1, 0, 2))],
          [x.indexSelect(1, index.reshape(-1)), indexSelect(x, 1, index.reshape(-1))],
          [
            x.indexAdd(1, index.slice(0, 0, 1).reshape(-1), x.slice(1, 0, 2)),
            indexAdd(x, 1, index.slice(0, 0, 1).reshape(-1), x.slice(1, 0, 2)),
          ],
          [x.maskedFill(mask, 9), maskedFill(x, mask, 9)],
          [x.where(mask, 0), where(mask, x, 0)],
        ]);
        for (const [method, fn] of pairs) {
          expect(Array.from(await own(method!).data())).toEqual(Array.from(await own(fn!).data()));
        }
      }));
  },
} satisfies Family;

/**
 * Out-of-range indices, too big and negative, are refused where indices can be read at the op.
 * The index is [2, 2] (or [4] for a `vector` op); `call` owns whatever else it makes.
 */
function outOfRange(op: string, call: (x: Tensor, index: Tensor, own: Own) => Tensor, opts: { vector?: boolean } = {}) {
  const shapes = opts.vector ? { big: [4], negative: [2] } : { big: [2, 2], negative: [1, 2] };
  const at = opts.vector ? { big: '\\[2\\]', negative: '\\[1\\]' } : { big: '\\[1, 0\\]', negative: '\\[0, 1\\]' };
  return [
    errorCase(
      `${op} with an index too big names index, its position, the value and the size`,
      (own) => {
        const [x, index] = [own(zeros([2, 3])), own(tensor([0, 1, 3, 2], shapes.big, int32))];
        expect(() => own(call(x, index, own))).toThrow(
          new RegExp(`^${op}: index${at.big} is 3 but dimension 1 of input has size 3 \\(expected 0 ≤ index < 3\\)`),
        );
      },
      { requires: 'readSync' },
    ),
    errorCase(
      `${op} with a negative index names index, its position and the value`,
      (own) => {
        const [x, index] = [own(zeros([2, 3])), own(tensor([0, -1], shapes.negative, int32))];
        expect(() => own(call(x, index, own))).toThrow(new RegExp(`^${op}: index${at.negative} is -1 but dimension 1 of input has size 3`));
      },
      { requires: 'readSync' },
    ),
  ] as const;
}

/** int32 indices into `size` for `shape` [m, k], distinct down each column (m ≤ size). */
function distinctAlongRows(r: Rng, g: Inputs, shape: [number, number], size: number) {
  const offsets = Array.from({ length: shape[1] }, () => r.int(0, size - 1));
  return g.int32(
    Array.from({ length: shape[0] * shape[1] }, (_, i) => (Math.floor(i / shape[1]) + offsets[i % shape[1]]!) % size),
    shape,
  );
}
