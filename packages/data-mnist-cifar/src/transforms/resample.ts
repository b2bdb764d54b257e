/**
 * Sampling tables and loops shared by resize and randomResizedCrop. They follow PyTorch
 * 1.13's CPU `interpolate` without antialias (UpSampleKernel.cpp): float32 scales
 * in / out, half-pixel centres for bilinear (align_corners=False), floor(scale·i) for nearest.
 */

/** For each output index along one axis: the two source indices and their weights. */
export interface LinearTaps {
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly w0: Float32Array;
  readonly w1: Float32Array;
}

export type ResizeMode = 'bilinear' | 'nearest';

/** Bilinear taps for `outSize` samples of the `inSize` source indices starting at `start`. */
export function linearTaps(inSize: number, outSize: number, start = 0): LinearTaps {
  const taps = { i0: new Int32Array(outSize), i1: new Int32Array(outSize), w0: new Float32Array(outSize), w1: new Float32Array(outSize) };
  const scale = Math.fround(inSize / outSize);
  for (let i = 0; i < outSize; i++) {
    if (inSize === outSize) {
      taps.i0[i] = taps.i1[i] = start + i;
      taps.w0[i] = 1;
      continue;
    }
    // (i + 0.5)·scale - 0.5 in double, rounded to float, clamped at 0: PyTorch's area_pixel_compute_source_index.
    const source = Math.max(0, Math.fround(scale * (i + 0.5) - 0.5));
    const index = Math.trunc(source);
    const lambda = Math.min(Math.max(Math.fround(source - index), 0), 1);
    taps.i0[i] = start + index;
    taps.i1[i] = start + index + (index < inSize - 1 ? 1 : 0);
    taps.w1[i] = lambda;
    taps.w0[i] = Math.fround(1 - lambda);
  }
  return taps;
}

/** Nearest-neighbour source index for each output index: min(floor(float(scale·i)), inSize - 1). */
export function nearestTaps(inSize: number, outSize: number, start = 0): Int32Array {
  const scale = Math.fround(inSize / outSize);
  const taps = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) taps[i] = start + Math.min(Math.floor(Math.fround(scale * i)), inSize - 1);
  return taps;
}

/** A run of planes: `planes` [height, width] planes in `data` starting at `base`. */
export interface Planes {
  readonly data: Float32Array;
  readonly base: number;
  readonly planes: number;
  readonly height: number;
  readonly width: number;
}

/** Bilinear resampling of each source plane through row and column taps into the output planes. */
export function resampleBilinear(src: Planes, rows: LinearTaps, cols: LinearTaps, out: Planes): void {
  const { i0: c0, i1: c1, w0: cw0, w1: cw1 } = cols;
  eachPlane(src, out, (from, start) => {
    let to = start;
    for (let y = 0; y < out.height; y++) {
      const r0 = from + rows.i0[y]! * src.width;
      const r1 = from + rows.i1[y]! * src.width;
      const ry0 = rows.w0[y]!;
      const ry1 = rows.w1[y]!;
      for (let x = 0; x < out.width; x++, to++) {
        const top = src.data[r0 + c0[x]!]! * cw0[x]! + src.data[r0 + c1[x]!]! * cw1[x]!;
        const bottom = src.data[r1 + c0[x]!]! * cw0[x]! + src.data[r1 + c1[x]!]! * cw1[x]!;
        out.data[to] = top * ry0 + bottom * ry1;
      }
    }
  });
}

/** Nearest-neighbour resampling: each output pixel copies the source pixel its taps name. */
export function resampleNearest(src: Planes, rows: Int32Array, cols: Int32Array, out: Planes): void {
  eachPlane(src, out, (from, start) => {
    let to = start;
    for (let y = 0; y < out.height; y++) {
      const row = from + rows[y]! * src.width;
      for (let x = 0; x < out.width; x++, to++) out.data[to] = src.data[row + cols[x]!]!;
    }
  });
}

/** Calls `plane` with the index of each source plane's first pixel and of its output plane's. */
function eachPlane(src: Planes, out: Planes, plane: (from: number, to: number) => void): void {
  const srcPlane = src.height * src.width;
  const outPlane = out.height * out.width;
  for (let p = 0; p < src.planes; p++) plane(src.base + p * srcPlane, out.base + p * outPlane);
}
