import type { Shape } from '../shape.js';

/**
 * The geometries of the padding, resampling and pooling kernels added for 0.2 (their kernels are
 * in `OptionalKernels`), kept beside backend.ts so that file stays readable.
 */

/** torch.nn.functional.pad's modes other than 'constant' (which the required `pad` kernel does). */
export type PadMode = 'reflect' | 'replicate' | 'circular';

/**
 * Non-constant padding of the trailing `pads.length` dims of a tensor of shape `inShape`:
 * pads[i] = [before, after] for the i-th of those dims (outermost first). A negative pad crops.
 */
export interface PadModeGeometry {
  readonly inShape: Shape;
  readonly pads: readonly (readonly [number, number])[];
  readonly mode: PadMode;
}

/**
 * F.interpolate over the spatial dims of [N, C, ...inSize] (1 to 3 of them). `scales` holds the
 * scale factor the caller gave per dim, or null where the size was given: PyTorch computes its
 * source indices from 1/scale when it has one and from in/out otherwise.
 */
export interface InterpolateGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly inSize: readonly number[];
  readonly outSize: readonly number[];
  readonly mode: 'nearest' | 'bilinear';
  readonly alignCorners: boolean;
  readonly scales: readonly (number | null)[];
}

/**
 * Anti-aliased downsampling (Zhang 2019): each plane of [N, C, H, W] padded by `pad`
 * ([top, bottom, left, right], reflect, replicate or zero), filtered by the normalised binomial
 * filter of `filterSize` taps along each axis, then sampled every `stride` pixels.
 */
export interface BlurPoolGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly inSize: readonly [number, number];
  readonly filterSize: number;
  readonly stride: readonly [number, number];
  readonly pad: readonly [number, number, number, number];
  readonly padMode: 'reflect' | 'replicate' | 'zero';
  readonly outSize: readonly [number, number];
}

/** Max-unpooling: each plane of [N, C, ...inSize] scatters into a zero plane of outSize by its indices. */
export interface UnpoolGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly inSize: readonly [number, number];
  readonly outSize: readonly [number, number];
}

/**
 * Max pooling over windows that are not one sliding window: output (i, j) of each plane covers rows
 * [rowStart(i), rowEnd(i)) and columns [colStart(j), colEnd(j)), as adaptive and fractional
 * pooling place them.
 */
export interface WindowPoolGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly inSize: readonly [number, number];
  readonly outSize: readonly [number, number];
}

/** Fractional max pooling's windows: `kernel` wide, starting where its random samples put them. */
export interface FractionalPoolGeometry extends WindowPoolGeometry {
  readonly kernel: readonly [number, number];
}

/**
 * 3-D pooling geometry ([N, C, D, H, W]); as PoolGeometry, out-of-range positions never count.
 * Its window fields repeat ConvGeometry's rather than extend a shared base, so each geometry reads
 * whole where it is declared; pooling pads both sides alike (`padding`), convolution need not.
 */
export interface Pool3dGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly inSize: readonly [number, number, number];
  readonly kernel: readonly [number, number, number];
  readonly stride: readonly [number, number, number];
  readonly padding: readonly [number, number, number];
  readonly dilation: readonly [number, number, number];
  readonly outSize: readonly [number, number, number];
}
