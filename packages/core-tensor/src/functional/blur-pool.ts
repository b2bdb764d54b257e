import type { BlurPoolGeometry } from '../backend/backend.js';
import { record } from '../autograd/record.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertDtype } from '../ops/checks.js';
import { fromKernel } from '../ops/create-tensor.js';
import { withDense } from '../ops/dense-operands.js';
import { spatialTuple, type IntOrTuple } from './conv-geometry.js';
import { withBatchDim } from './conv.js';

export type BlurPadMode = 'reflect' | 'replicate' | 'zero';

export interface BlurPool2dOptions {
  /** Taps of the binomial filter along each axis, 1 to 7 (default 3: [1, 2, 1]⊗[1, 2, 1]/16). */
  filterSize?: number;
  /** Default 2. */
  stride?: IntOrTuple;
  /** How the border is padded, as antialiased-cnns' pad_type (default 'reflect'). */
  padMode?: BlurPadMode;
}

/**
 * Anti-aliased downsampling (Zhang 2019, "Making Convolutional Networks Shift-Invariant Again"),
 * as antialiased-cnns' BlurPool: each channel padded by [(f−1)/2 floored, (f−1)/2 ceiled] on each
 * side, blurred by the fixed binomial filter, then sampled every `stride` pixels. Input
 * [N, C, H, W] or [C, H, W]; the gradient spreads each output back through the same filter.
 */
export function blurPool2d(input: Tensor, opts: BlurPool2dOptions = {}): Tensor {
  return withBatchDim(2, input, (x) => {
    const g = blurPoolGeometry(x, opts);
    const id = withDense([[x, 'blurPool2d', 'input']], ([xd]) => x.backend.blurPool2d(xd, g));
    const y = fromKernel(x.backend, id, [g.batch, g.channels, ...g.outSize], x.dtype);
    return record('blurPool2d', [x], y, (dy) => [blurPoolBackward(dy, g, x.shape)]);
  });
}

/** Linear in dy, so its own gradient is the forward filter. */
function blurPoolBackward(dy: Tensor, g: BlurPoolGeometry, shape: readonly number[]): Tensor {
  const id = withDense([[dy, 'blurPool2d backward', 'grad']], ([dyd]) => dy.backend.blurPool2dBackward(dyd, g));
  const dx = fromKernel(dy.backend, id, shape, dy.dtype);
  return record('blurPool2dBackward', [dy], dx, (ddx) => {
    const again = withDense([[ddx, 'blurPool2d', 'input']], ([d]) => ddx.backend.blurPool2d(d, g));
    return [fromKernel(ddx.backend, again, dy.shape, ddx.dtype)];
  });
}

/** antialiased-cnns' pad sizes, and the output size ⌊(in + f − 1 − f)/s⌋ + 1 (= ⌈in/s⌉). */
export function blurPoolGeometry(x: Tensor, opts: BlurPool2dOptions): BlurPoolGeometry {
  const op = 'blurPool2d';
  if (x.ndim !== 4) throw new Error(`${op}: input must be 4-D [N, C, H, W] (or 3-D unbatched) but got shape ${formatShape(x.shape)}`);
  assertDtype(op, 'input', x, ['float32', 'float64']);
  const filterSize = opts.filterSize ?? 3;
  if (!Number.isInteger(filterSize) || filterSize < 1 || filterSize > 7) {
    throw new Error(`${op}: filterSize must be an integer from 1 to 7 but got ${filterSize}`);
  }
  const stride = spatialTuple(op, 'stride', opts.stride ?? 2, 2, 1);
  const padMode = opts.padMode ?? 'reflect';
  if (padMode !== 'reflect' && padMode !== 'replicate' && padMode !== 'zero') {
    throw new Error(`${op}: padMode must be 'reflect', 'replicate' or 'zero' but got '${padMode}'`);
  }
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const before = Math.floor((filterSize - 1) / 2);
  const after = Math.ceil((filterSize - 1) / 2);
  if (padMode === 'reflect' && (h <= after || w <= after)) {
    throw new Error(
      `${op}: reflect padding ${after} needs every spatial size above ${after} but got input ${formatShape([h, w])} ` +
        `(filterSize ${filterSize}; expected H and W ≥ ${after + 1})`,
    );
  }
  const outSize = [h, w].map((size, i) => Math.floor((size + before + after - filterSize) / stride[i]!) + 1);
  return {
    batch: n,
    channels: c,
    inSize: [h, w],
    filterSize,
    stride: [stride[0]!, stride[1]!],
    pad: [before, after, before, after],
    padMode,
    outSize: [outSize[0]!, outSize[1]!],
  };
}
