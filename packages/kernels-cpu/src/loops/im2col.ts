import type { TypedArray } from '@stride/core-tensor';
import { convGemm, type ConvGeometry, type DataId, type Dense, type RequiredKernels } from '@stride/core-tensor/backend';
import { store, valuesOf, zeroed } from '../storage.js';

export function im2colKernels(): Pick<RequiredKernels, 'im2col' | 'col2im'> {
  return {
    im2col(x, g) {
      const { imageSize, colsSize } = sampleSizes(g, g.inChannels);
      return perSample(x, g, im2colSample, imageSize, colsSize);
    },
    col2im(cols, g) {
      const { imageSize, colsSize } = sampleSizes(g, g.inChannels);
      return perSample(cols, g, col2imSample, colsSize, imageSize);
    },
  };
}

type SampleTransform = typeof im2colSample;

/** Runs `transform` on each sample's `inSize` elements, writing `outSize` fresh (zeroed) elements. */
function perSample(input: Dense, g: ConvGeometry, transform: SampleTransform, inSize: number, outSize: number): DataId {
  const src = valuesOf(input.id);
  const out = zeroed(input.dtype, g.batch * outSize);
  for (let n = 0; n < g.batch; n++) transform(g, g.inChannels, src, n * inSize, out, n * outSize);
  return store(out);
}

/** Elements in one sample's image ([C, D, H, W]) and in its columns ([C·kd·kh·kw, Do·Ho·Wo]). */
export function sampleSizes(g: ConvGeometry, channels: number) {
  const { taps, positions, inPositions } = convGemm(g);
  return { imageSize: channels * inPositions, colsSize: channels * taps * positions, taps, positions };
}

/**
 * Columns of `channels` channels of one image at `src[srcAt…]` into `dst[dstAt…]`: row
 * (c, kd, kh, kw), row-major, holds that tap's input at every output position; taps falling in
 * the padding read 0.
 */
export function im2colSample(g: ConvGeometry, channels: number, src: TypedArray, srcAt: number, dst: TypedArray, dstAt: number): void {
  transferTaps(g, channels, src, srcAt, dst, dstAt, true);
}

/** The adjoint of `im2colSample`: adds each column entry back onto the input element it read. */
export function col2imSample(g: ConvGeometry, channels: number, src: TypedArray, srcAt: number, dst: TypedArray, dstAt: number): void {
  transferTaps(g, channels, dst, dstAt, src, srcAt, false);
}

/**
 * Walks the columns row by row (c, kd, kh, kw, output z, output y) and, for each, the run of
 * output x whose tap lands inside the input, computed once per row so the inner loops are
 * plain strided copies: `toColumns` copies image → columns (zero outside the run), otherwise
 * columns are added back onto the image.
 */
function transferTaps(
  g: ConvGeometry,
  channels: number,
  image: TypedArray,
  imageAt: number,
  cols: TypedArray,
  colsAt: number,
  toColumns: boolean,
): void {
  const [d, h, w] = g.inSize;
  const [kd, kh, kw] = g.kernel;
  const [od, oh, ow] = g.outSize;
  const [sd, sh, sw] = g.stride;
  const [dd, dh, dw] = g.dilation;
  const [pd, ph, pw] = g.padBefore;
  let col = colsAt;
  for (let c = 0; c < channels; c++) {
    for (let a = 0; a < kd; a++) {
      for (let b = 0; b < kh; b++) {
        for (let e = 0; e < kw; e++) {
          const shift = e * dw - pw;
          const x0 = Math.min(ow, Math.max(0, Math.ceil(-shift / sw)));
          const x1 = Math.max(x0, Math.min(ow, Math.floor((w - 1 - shift) / sw) + 1));
          for (let z = 0; z < od; z++) {
            const iz = z * sd - pd + a * dd;
            for (let y = 0; y < oh; y++, col += ow) {
              const iy = y * sh - ph + b * dh;
              const inside = iz >= 0 && iz < d && iy >= 0 && iy < h;
              if (!inside) {
                if (toColumns) cols.fill(0, col, col + ow);
                continue;
              }
              const row = imageAt + ((c * d + iz) * h + iy) * w + shift;
              if (toColumns) {
                cols.fill(0, col, col + x0);
                for (let x = x0; x < x1; x++) cols[col + x] = image[row + x * sw]!;
                cols.fill(0, col + x1, col + ow);
              } else {
                for (let x = x0; x < x1; x++) image[row + x * sw]! += cols[col + x]!;
              }
            }
          }
        }
      }
    }
  }
}
