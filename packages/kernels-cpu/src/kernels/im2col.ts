import {
  allocate,
  type ConvGeometry,
  type DataId,
  type Dense,
  type RequiredKernels,
  type TypedArray,
} from '@stride/core-tensor';
import { store, valuesOf } from '../storage.js';

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
  const out = allocate(input.dtype, g.batch * outSize);
  for (let n = 0; n < g.batch; n++) transform(g, g.inChannels, src, n * inSize, out, n * outSize);
  return store(out);
}

/** Elements in one sample's image ([C, D, H, W]) and in its columns ([C·kd·kh·kw, Do·Ho·Wo]). */
export function sampleSizes(g: ConvGeometry, channels: number) {
  const [d, h, w] = g.inSize;
  const taps = g.kernel[0] * g.kernel[1] * g.kernel[2];
  const positions = g.outSize[0] * g.outSize[1] * g.outSize[2];
  return { imageSize: channels * d * h * w, colsSize: channels * taps * positions, taps, positions };
}

/**
 * Columns of `channels` channels of one image at `src[srcAt…]` into `dst[dstAt…]`: row
 * (c, kd, kh, kw), row-major, holds that tap's input at every output position; taps falling in
 * the padding read 0.
 */
export function im2colSample(g: ConvGeometry, channels: number, src: TypedArray, srcAt: number, dst: TypedArray, dstAt: number): void {
  forEachTap(g, channels, (colAt, imageAt) => {
    dst[dstAt + colAt] = imageAt < 0 ? 0 : src[srcAt + imageAt]!;
  });
}

/** The adjoint of `im2colSample`: adds each column entry back onto the input element it read. */
export function col2imSample(g: ConvGeometry, channels: number, src: TypedArray, srcAt: number, dst: TypedArray, dstAt: number): void {
  forEachTap(g, channels, (colAt, imageAt) => {
    if (imageAt >= 0) dst[dstAt + imageAt] += src[srcAt + colAt]!;
  });
}

/**
 * Visits every (column row, output position) pair in column order with the flat index of the
 * input element that tap reads, or -1 where it falls outside the input.
 */
function forEachTap(g: ConvGeometry, channels: number, visit: (colAt: number, imageAt: number) => void): void {
  const [d, h, w] = g.inSize;
  const [kd, kh, kw] = g.kernel;
  const [od, oh, ow] = g.outSize;
  const [sd, sh, sw] = g.stride;
  const [dd, dh, dw] = g.dilation;
  const [pd, ph, pw] = g.padBefore;
  let colAt = 0;
  for (let c = 0; c < channels; c++) {
    for (let a = 0; a < kd; a++) {
      for (let b = 0; b < kh; b++) {
        for (let e = 0; e < kw; e++) {
          for (let z = 0; z < od; z++) {
            const iz = z * sd - pd + a * dd;
            const zIn = iz >= 0 && iz < d;
            for (let y = 0; y < oh; y++) {
              const iy = y * sh - ph + b * dh;
              const yzIn = zIn && iy >= 0 && iy < h;
              const rowAt = ((c * d + iz) * h + iy) * w;
              for (let x = 0; x < ow; x++, colAt++) {
                const ix = x * sw - pw + e * dw;
                visit(colAt, yzIn && ix >= 0 && ix < w ? rowAt + ix : -1);
              }
            }
          }
        }
      }
    }
  }
}
