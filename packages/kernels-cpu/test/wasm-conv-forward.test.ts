import { describe, expect, it } from 'vitest';
import { uniformAt, type ConvGeometry } from '@stride/core-tensor/backend';
import { cpu } from '../src/index.js';
import { MR, NR } from '../src/wasm/gemm-block.js';
import { fitsPackedIm2col } from '../src/wasm/im2col-packed.js';
import { asFullConvolution } from '../src/simd/full-convolution.js';
import { wasmRuntime } from '../src/wasm/runtime.js';

// The forward convolution packs its columns straight from the image (im2col_packed) and
// multiplies them per block (conv_forward). It must give the bits of the plain sequence it
// replaces, im2col into a matrix then the blocked sgemm, which sums k in the same blocks and
// order: every path of the packing (whole vectors, masked vectors at the image's edges, zero
// rows, whole-row blocks, several k blocks) is checked against it, and so are the convolutions
// that keep im2col + sgemm. Winograd is off: these are the direct path's bits
// (test/winograd.test.ts checks the 3×3 convolutions that take it by default).
const backend = cpu({ threads: 2, winograd: false });
const rt = wasmRuntime()!;

interface Case {
  name: string;
  x: [number, number, number, number];
  o: number;
  k: number;
  stride?: number;
  padding?: number;
  dilation?: number;
  groups?: number;
}

function geometry(c: Case): ConvGeometry {
  const [n, ch, h, w] = c.x;
  const [stride, padding, dilation] = [c.stride ?? 1, c.padding ?? 0, c.dilation ?? 1];
  const out = (size: number) => Math.floor((size + 2 * padding - dilation * (c.k - 1) - 1) / stride) + 1;
  return {
    batch: n,
    inChannels: ch,
    outChannels: c.o,
    groups: c.groups ?? 1,
    inSize: [1, h, w],
    kernel: [1, c.k, c.k],
    stride: [1, stride, stride],
    dilation: [1, dilation, dilation],
    padBefore: [0, padding, padding],
    outSize: [1, out(h), out(w)],
  };
}

const noise = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => 2 * uniformAt(seed, i) - 1);

/** y by the wasm im2col into a column matrix, then sgemm, sample by sample and group by group. */
function viaColumns(g: ConvGeometry, x: Float32Array, w: Float32Array): Float32Array {
  const [, h, wd] = g.inSize;
  const [oh, ow] = [g.outSize[1], g.outSize[2]];
  const [cg, og, positions] = [g.inChannels / g.groups, g.outChannels / g.groups, oh * ow];
  const rows = cg * g.kernel[1] * g.kernel[2];
  const ldc = Math.ceil(positions / NR) * NR * 4;
  return rt.scoped(() => {
    const [xAt, wAt, cols, c] = [
      rt.alloc(x.length * 4 + 16),
      rt.alloc(w.length * 4),
      rt.alloc(rows * positions * 4),
      rt.alloc(Math.ceil(og / MR) * MR * ldc),
    ];
    rt.f32().set(x, xAt / 4);
    rt.f32().set(w, wAt / 4);
    const y = new Float32Array(g.batch * g.outChannels * positions);
    for (let n = 0; n < g.batch; n++) {
      for (let gi = 0; gi < g.groups; gi++) {
        const image = xAt + (n * g.inChannels + gi * cg) * h * wd * 4;
        rt.call('im2col', {
          image,
          channels: cg,
          h,
          w: wd,
          kh: g.kernel[1],
          kw: g.kernel[2],
          sh: g.stride[1],
          sw: g.stride[2],
          ph: g.padBefore[1],
          pw: g.padBefore[2],
          dh: g.dilation[1],
          dw: g.dilation[2],
          oh,
          ow,
          cols,
          pitch: positions,
        });
        rt.call('sgemm', {
          m: og,
          n: positions,
          k: rows,
          a: wAt + gi * og * rows * 4,
          aRowStride: rows,
          aColStride: 1,
          b: cols,
          bRowStride: positions,
          bColStride: 1,
          c,
          ldc,
          scratch: rt.packScratch(0),
          add: 0,
        });
        const mem = rt.f32();
        for (let o = 0; o < og; o++) {
          const from = c / 4 + (o * ldc) / 4;
          y.set(mem.subarray(from, from + positions), ((n * g.groups + gi) * og + o) * positions);
        }
      }
    }
    return y;
  });
}

describe('conv_forward (columns packed from the image) against im2col + sgemm', () => {
  const cases: Case[] = [
    { name: 'ResNet 3×3 "same" on 32×32: masked edge panels, four blocks of rows', x: [2, 16, 32, 32], o: 16, k: 3, padding: 1 },
    { name: 'ResNet 3×3 on 8×8: one panel a row, masked on both sides', x: [3, 64, 8, 8], o: 64, k: 3, padding: 1 },
    { name: '288 rows (two k blocks) on 16×16', x: [2, 32, 16, 16], o: 20, k: 3, padding: 1 },
    { name: '24-wide rows: blocks of 10 rows, the last shorter', x: [1, 3, 30, 24], o: 6, k: 3, padding: 1 },
    { name: '5×5, padding 2, 16-wide rows (LeNet-like)', x: [2, 6, 16, 16], o: 10, k: 5, padding: 2 },
    { name: 'dilation 2, padding 2, 16-wide output rows', x: [2, 3, 19, 16], o: 5, k: 3, padding: 2, dilation: 2 },
    { name: '9×9, padding 4 (the most a masked load reaches)', x: [1, 2, 12, 16], o: 4, k: 9, padding: 4 },
    { name: 'two groups, no padding', x: [2, 6, 10, 26], o: 8, k: 3, groups: 2 },
    // These take im2col + sgemm themselves (strided, rows not whole panels, wider padding).
    { name: 'LeNet conv2: 14-wide rows', x: [2, 20, 14, 14], o: 50, k: 5, padding: 2 },
    { name: 'stride 2', x: [2, 8, 17, 16], o: 12, k: 3, stride: 2, padding: 1 },
    { name: 'padding 6', x: [1, 2, 12, 16], o: 4, k: 5, padding: 6 },
    { name: '1×1 on rows of one pixel', x: [4, 3, 9, 1], o: 5, k: 1 },
  ];
  cases.forEach((c, index) => {
    it(c.name, () => {
      const g = geometry(c);
      expect(fitsPackedIm2col(g)).toBe(index < 8);
      const [n, ch, h, w] = c.x;
      const x = noise(n * ch * h * w, 3);
      const weights = noise(c.o * (ch / g.groups) * c.k * c.k, 4);
      const xId = backend.write(x);
      const wId = backend.write(weights);
      const y = backend.conv(
        { id: xId, shape: c.x, dtype: 'float32' },
        { id: wId, shape: [c.o, ch / g.groups, c.k, c.k], dtype: 'float32' },
        g,
      );
      const got = new Int32Array(Float32Array.from(backend.readSync!(y)).buffer);
      const want = new Int32Array(viaColumns(g, x, weights).buffer);
      expect(got.length).toBe(want.length);
      expect(Array.from(got)).toEqual(Array.from(want));
      for (const id of [xId, wId, y]) backend.disposeData(id);
    });
  });
});

describe('the input gradient as a full convolution (stride 1, rows of whole panels)', () => {
  const reference = cpu({ simd: false });
  const cases: Case[] = [
    { name: 'ResNet 3×3, padding 1, 16×16', x: [2, 16, 16, 16], o: 24, k: 3, padding: 1 },
    { name: '5×5, padding 2, 8×24', x: [2, 6, 8, 24], o: 10, k: 5, padding: 2 },
    { name: '3×3 without padding (the full convolution pads by 2)', x: [3, 4, 12, 16], o: 5, k: 3 },
    { name: '1×1, 8 wide', x: [2, 7, 5, 8], o: 9, k: 1 },
  ];
  for (const c of cases) {
    it(`${c.name}: the typed-array kernel's gradient`, () => {
      const g = geometry(c);
      expect(asFullConvolution(g)).not.toBeNull();
      const [n, ch] = c.x;
      const [oh, ow] = [g.outSize[1], g.outSize[2]];
      const dy = noise(n * c.o * oh * ow, 6);
      const weights = noise(c.o * ch * c.k * c.k, 7);
      const run = (b: typeof backend) => {
        const [dyId, wId] = [b.write(dy), b.write(weights)];
        const dx = b.convBackwardInput(
          { id: dyId, shape: [n, c.o, oh, ow], dtype: 'float32' },
          { id: wId, shape: [c.o, ch, c.k, c.k], dtype: 'float32' },
          g,
        );
        const values = Array.from(b.readSync!(dx));
        for (const id of [dyId, wId, dx]) b.disposeData(id);
        return values;
      };
      const [got, want] = [run(backend), run(reference)];
      expect(got.length).toBe(c.x.reduce((a, b) => a * b, 1));
      const scale = Math.max(...want.map(Math.abs));
      got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5 * scale));
    });
  }
});
