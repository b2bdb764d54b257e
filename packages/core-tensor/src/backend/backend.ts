import type { DType, TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import type {
  PadModeGeometry,
  InterpolateGeometry,
  BlurPoolGeometry,
  UnpoolGeometry,
  WindowPoolGeometry,
  FractionalPoolGeometry,
  Pool3dGeometry,
} from './pooling-geometry.js';

export type * from './pooling-geometry.js';

/** A backend's handle to one buffer of elements. Only the backend that made it looks inside. */
export interface DataId {
  readonly backendName: string;
}

/** A dense, row-major buffer. Kernels that take `Dense` may assume contiguous elements. */
export interface Dense {
  readonly id: DataId;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** A strided window onto a buffer: what views (permute, expand, slice) produce without copying. */
export interface View extends Dense {
  readonly strides: readonly number[];
  readonly offset: number;
}

export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'sign'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'reciprocal'
  | 'square'
  | 'relu'
  | 'sigmoid'
  | 'tanh'
  | 'erf'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'sin'
  | 'cos';

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type ReduceOp = 'sum' | 'max' | 'min' | 'prod';
export type ArgReduceOp = 'argmax' | 'argmin';

/**
 * Convolution geometry, always with three spatial dims (depth, height, width): conv1d and conv2d
 * set the missing leading dims to 1, so one im2col serves every rank. Pads may differ per side
 * because 'same' with an even kernel pads asymmetrically, as PyTorch does.
 */
export interface ConvGeometry {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly groups: number;
  readonly inSize: readonly [number, number, number];
  readonly kernel: readonly [number, number, number];
  readonly stride: readonly [number, number, number];
  readonly dilation: readonly [number, number, number];
  readonly padBefore: readonly [number, number, number];
  readonly outSize: readonly [number, number, number];
}

/** 2-D pooling geometry; out-of-range window positions (padding, ceilMode overhang) never count as values. */
export interface PoolGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly inSize: readonly [number, number];
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly outSize: readonly [number, number];
}

export interface AvgPoolOptions {
  readonly countIncludePad: boolean;
  readonly divisorOverride?: number;
}

export interface RandomOptions {
  readonly distribution: 'uniform' | 'normal';
  readonly seed: number;
}

/** One SGD step's hyperparameters, as torch.optim.SGD names them. */
export interface SgdUpdate {
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
}

/** One Adam/AdamW step's hyperparameters; `step` counts from 1 (bias correction). */
export interface AdamUpdate {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** AdamW: p scales by 1 − lr·weightDecay first; Adam: g += weightDecay·p. */
  readonly decoupledWeightDecay: boolean;
  readonly step: number;
}

/**
 * Training-mode batch norm's results: the output and, per channel ([C], x's dtype), the batch
 * mean, the biased variance (the running update makes it unbiased) and 1/√(variance + eps),
 * which the backward pass takes back.
 */
export interface BatchNormForward {
  readonly out: DataId;
  readonly mean: DataId;
  readonly variance: DataId;
  readonly invStd: DataId;
}

/** Batch norm's gradients: dx like x, and per channel ([C]) the weight's and the bias's. */
export interface BatchNormGrads {
  readonly dx: DataId;
  readonly dweight: DataId;
  readonly dbias: DataId;
}

/** How `scatter` combines: torch.scatter (the last write in index order wins) or scatter_add. */
export type ScatterMode = 'replace' | 'add';

/** A sort along one axis: the values (x's dtype) and their int32 positions along that axis. */
export interface SortResult {
  readonly values: DataId;
  readonly indices: DataId;
}

export interface Capabilities {
  readonly dtypes: readonly DType[];
  /** `dataSync()` works (CPU); asynchronous `data()` works everywhere. */
  readonly readSync: boolean;
  readonly f16: boolean;
  readonly maxBufferBytes: number;
}

/** What every backend must implement; TypeScript rejects a backend missing one of these. */
export interface RequiredKernels {
  write(values: TypedArray): DataId;
  read(id: DataId): Promise<TypedArray>;
  readSync?(id: DataId): TypedArray;
  disposeData(id: DataId): void;
  /** Resolves once all queued work has finished. */
  sync(): Promise<void>;

  copy(x: View): DataId;
  fill(size: number, value: number, dtype: DType): DataId;
  pad(x: Dense, pads: readonly (readonly [number, number])[], value: number): DataId;
  concat(xs: readonly Dense[], axis: number): DataId;
  unary(op: UnaryOp, x: View): DataId;
  /** `a` and `b` arrive already broadcast to the output shape (zero strides where expanded). */
  binary(op: BinaryOp, a: View, b: View, outDtype: DType): DataId;
  where(cond: View, a: View, b: View): DataId;
  cast(x: View, dtype: DType): DataId;
  /** Output keeps the reduced axes with size 1. */
  reduce(op: ReduceOp, x: View, axes: readonly number[]): DataId;
  /** Index of the first extreme along `axis` (PyTorch's tie rule); int32, axis kept with size 1. */
  argReduce(op: ArgReduceOp, x: View, axis: number): DataId;
  /** a: [...batch, M, K], b: [...batch, K, N], batch dims already broadcast. */
  matmul(a: View, b: View): DataId;
  /** x: [N, C, D, H, W] → columns [N, C·kd·kh·kw, Do·Ho·Wo]; out-of-range taps read 0. */
  im2col(x: Dense, g: ConvGeometry): DataId;
  /** Adjoint of im2col: scatters columns back, summing overlaps, into [N, C, D, H, W]. */
  col2im(cols: Dense, g: ConvGeometry): DataId;
  /** Max over each window and the flat h·W+w index of the first maximum in scan order (int32). */
  maxPool2d(x: Dense, g: PoolGeometry): { out: DataId; argmax: DataId };
  maxPool2dBackward(dy: Dense, argmax: Dense, g: PoolGeometry): DataId;
  /** Counter-based stream: element i depends only on (seed, i), so every backend draws the same numbers. */
  random(size: number, opts: RandomOptions, dtype: DType): DataId;
}

/** Faster paths a backend may provide; `defineBackend` fills in defaults built from required kernels. */
export interface OptionalKernels {
  /** x [N, C, D, H, W], w [O, C/groups, kd, kh, kw] → [N, O, Do, Ho, Wo] (no bias). */
  conv(x: Dense, w: Dense, g: ConvGeometry): DataId;
  /** dy [N, O, Do, Ho, Wo] → dx [N, C, D, H, W]. Also the forward pass of convTranspose. */
  convBackwardInput(dy: Dense, w: Dense, g: ConvGeometry): DataId;
  /** x, dy → dw [O, C/groups, kd, kh, kw]. */
  convBackwardWeight(x: Dense, dy: Dense, g: ConvGeometry): DataId;
  avgPool2d(x: Dense, g: PoolGeometry, opts: AvgPoolOptions): DataId;
  avgPool2dBackward(dy: Dense, g: PoolGeometry, opts: AvgPoolOptions): DataId;
  softmax(x: Dense, axis: number): DataId;
  logSoftmax(x: Dense, axis: number): DataId;
  /**
   * Batch norm in training mode over x [N, C, …]: statistics over every axis but 1, then
   * (x − mean)·invStd·weight + bias (weight 1 and bias 0 where null). weight and bias are [C].
   */
  batchNormForward(x: Dense, weight: Dense | null, bias: Dense | null, eps: number): BatchNormForward;
  /**
   * Gradients of batchNormForward for dy like x, given its mean and invStd: with
   * x̂ = (x − mean)·invStd and n elements per channel, dbias = Σdy, dweight = Σdy·x̂ and
   * dx = weight·invStd·(dy − dbias/n − x̂·dweight/n).
   */
  batchNormBackward(x: Dense, dy: Dense, mean: Dense, invStd: Dense, weight: Dense | null): BatchNormGrads;
  /** batchNormForward with ReLU (NaN kept) applied to `out`, in one pass where a backend fuses them. */
  batchNormReluForward(x: Dense, weight: Dense | null, bias: Dense | null, eps: number): BatchNormForward;
  /**
   * batchNormBackward of dy where `out` (batchNormReluForward's output) is positive and of 0
   * elsewhere: ReLU's gradient and batch norm's in one pass where a backend fuses them.
   */
  batchNormReluBackward(x: Dense, out: Dense, dy: Dense, mean: Dense, invStd: Dense, weight: Dense | null): BatchNormGrads;
  /**
   * x [N, C, …] scaled and shifted per channel, then rectified where `relu`: out = x·scale[c] +
   * shift[c] (no scale or no shift where null), each product and sum rounded as the separate mul
   * and add would be, then ReLU keeping NaN. scale and shift are [C] of x's dtype. One pass for a
   * convolution's bias, eval-mode batch norm, and either followed by ReLU.
   */
  channelAffine(x: Dense, scale: Dense | null, shift: Dense | null, relu: boolean): DataId;
  /** ReLU's gradient, where(x > 0, dy, 0): x and dy have one shape (dy's dtype). */
  reluBackward(x: View, dy: View): DataId;
  /**
   * One step of torch.optim.SGD (single-tensor) on one parameter, every intermediate rounded to
   * the parameter's dtype in PyTorch's order. Returns new buffers: the parameter and, with
   * momentum, the buffer (`momentumBuffer` null on the first step: it starts as the gradient).
   */
  sgdUpdate(param: Dense, grad: Dense, momentumBuffer: Dense | null, h: SgdUpdate): { param: DataId; momentumBuffer: DataId | null };
  /** One step of torch.optim.Adam/AdamW (single-tensor, amsgrad when `maxExpAvgSq` is given); new buffers. */
  adamUpdate(
    param: Dense,
    grad: Dense,
    expAvg: Dense,
    expAvgSq: Dense,
    maxExpAvgSq: Dense | null,
    h: AdamUpdate,
  ): { param: DataId; expAvg: DataId; expAvgSq: DataId; maxExpAvgSq: DataId | null };
  /**
   * torch.gather: out has index's shape and out[…i…] = x[…index[…i…]…] along `axis`. index is int32
   * of x's rank and no larger than x off the axis. An index outside [0, x.shape[axis]) reads 0:
   * ops check indices first where they can read them.
   */
  gather(x: Dense, index: Dense, axis: number): DataId;
  /**
   * torch.scatter / scatter_add: x with each src element written (`replace`; the last write in
   * index order wins) or added at its index along `axis`. index (int32) and src share a shape no
   * larger than x off the axis; an out-of-range index is skipped.
   */
  scatter(x: Dense, index: Dense, src: Dense, axis: number, mode: ScatterMode): DataId;
  /** torch.index_select: the slices of x at a 1-D int32 index along `axis`; out-of-range slices read 0. */
  indexSelect(x: Dense, index: Dense, axis: number): DataId;
  /** torch.index_add: x plus each slice of src added at its 1-D index along `axis`; out-of-range slices are skipped. */
  indexAdd(x: Dense, index: Dense, src: Dense, axis: number): DataId;
  /**
   * A stable sort of every line along `axis`; NaN sorts above every number, as in torch.sort.
   * Equal values keep their order in both directions.
   */
  sort(x: Dense, axis: number, descending: boolean): SortResult;
  /** The first k along `axis` of sort(x, axis, descending = largest): torch.topk with sorted results. */
  topk(x: Dense, k: number, axis: number, largest: boolean): SortResult;
  /** Reflect, replicate or circular padding as torch.nn.functional.pad; the output has the padded shape. */
  padMode(x: Dense, g: PadModeGeometry): DataId;
  /** Adjoint of padMode: dy of the padded shape summed back onto g.inShape. */
  padModeBackward(dy: Dense, g: PadModeGeometry): DataId;
  /** x [N, C, ...inSize] → [N, C, ...outSize] by nearest or (bi)linear interpolation, PyTorch's index rules. */
  interpolate(x: Dense, g: InterpolateGeometry): DataId;
  interpolateBackward(dy: Dense, g: InterpolateGeometry): DataId;
  /** x [N, C, H, W] → [N, C, ...outSize]: pad, depthwise binomial filter, stride. */
  blurPool2d(x: Dense, g: BlurPoolGeometry): DataId;
  blurPool2dBackward(dy: Dense, g: BlurPoolGeometry): DataId;
  /**
   * Zeros of [N, C, ...outSize] with x's values at their flat in-plane indices (int32 [N, C, ...inSize]);
   * where several name one position the last in scan order wins, as PyTorch's CPU kernel.
   * Indices outside the plane are skipped (the op checks them first where it can read them).
   */
  maxUnpool2d(x: Dense, indices: Dense, g: UnpoolGeometry): DataId;
  /** Adjoint of maxUnpool2d's values: dx = dy gathered at the indices. */
  maxUnpool2dBackward(dy: Dense, indices: Dense, g: UnpoolGeometry): DataId;
  /** Max over PyTorch's adaptive windows, [⌊i·in/out⌋, ⌈(i+1)·in/out⌉), with its flat in-plane argmax (int32). */
  adaptiveMaxPool2d(x: Dense, g: WindowPoolGeometry): { out: DataId; argmax: DataId };
  /** dy summed into each plane at its argmax. */
  adaptiveMaxPool2dBackward(dy: Dense, argmax: Dense, g: WindowPoolGeometry): DataId;
  /**
   * Fractional max pooling (Graham 2014) as PyTorch: samples [N·C, 2] of x's dtype (width's, then
   * height's) place each plane's windows; returns the max and its flat in-plane argmax (int32).
   */
  fractionalMaxPool2d(x: Dense, samples: Dense, g: FractionalPoolGeometry): { out: DataId; argmax: DataId };
  /** dy summed into each plane at its argmax; `samples` as given to the forward pass, which placed the windows. */
  fractionalMaxPool2dBackward(dy: Dense, argmax: Dense, samples: Dense, g: FractionalPoolGeometry): DataId;
  /** 3-D max pooling with the flat in-volume index d·H·W + h·W + w of each window's maximum (int32). */
  maxPool3d(x: Dense, g: Pool3dGeometry): { out: DataId; argmax: DataId };
  maxPool3dBackward(dy: Dense, argmax: Dense, g: Pool3dGeometry): DataId;
  avgPool3d(x: Dense, g: Pool3dGeometry, opts: AvgPoolOptions): DataId;
  avgPool3dBackward(dy: Dense, g: Pool3dGeometry, opts: AvgPoolOptions): DataId;
}

export type Kernels = RequiredKernels & OptionalKernels;

export interface Backend extends Kernels {
  readonly name: string;
  readonly capabilities: Capabilities;
}
