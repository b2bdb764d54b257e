import type { AvgPoolOptions, Backend, ConvGeometry, DataId, Dense, Pool3dGeometry, PoolGeometry } from '../backend.js';
import type { DefaultKernel } from './default-kernel.js';
import { allocate, type TypedArray } from '../../dtype.js';
import { broadcastView, denseView } from '../views.js';

/** Average pooling as im2col over single-channel planes, a sum, and a per-window divisor. */
export const avgPool2d: DefaultKernel<'avgPool2d'> = (b, x, g, opts) =>
  windowAverage(b, x, planeGeometry(g), reciprocalDivisors(g, opts, x.dtype));

export const avgPool2dBackward: DefaultKernel<'avgPool2dBackward'> = (b, dy, g, opts) =>
  windowAverageBackward(b, dy, planeGeometry(g), reciprocalDivisors(g, opts, dy.dtype));

/**
 * The mean of each im2col window of one-channel inputs ([planes, L]): the window's sum times its
 * reciprocal divisor (`reciprocals`, one per output position), as 2-D and 3-D average pooling share it.
 */
export function windowAverage(b: Backend, x: Dense, conv: ConvGeometry, reciprocals: TypedArray): DataId {
  const [planes, taps, l] = windowsOf(conv);
  const cols = b.im2col(x, conv);
  const sums = b.reduce('sum', denseView(cols, [planes, taps, l], x.dtype), [1]);
  b.disposeData(cols);
  const inv = b.write(reciprocals);
  const out = b.binary('mul', denseView(sums, [planes, l], x.dtype), broadcastView(denseView(inv, [l], x.dtype), [planes, l]), x.dtype);
  b.disposeData(sums);
  b.disposeData(inv);
  return out;
}

/** windowAverage's gradient: each dy scaled by its window's reciprocal divisor, spread back by col2im. */
export function windowAverageBackward(b: Backend, dy: Dense, conv: ConvGeometry, reciprocals: TypedArray): DataId {
  const [planes, taps, l] = windowsOf(conv);
  const shape = [planes, taps, l];
  const inv = b.write(reciprocals);
  const scaled = b.binary(
    'mul',
    broadcastView(denseView(dy.id, [planes, 1, l], dy.dtype), shape),
    broadcastView(denseView(inv, [l], dy.dtype), shape),
    dy.dtype,
  );
  b.disposeData(inv);
  const dx = b.col2im({ id: scaled, shape, dtype: dy.dtype }, conv);
  b.disposeData(scaled);
  return dx;
}

/** [planes, taps per window, windows per plane] of im2col over one-channel inputs. */
function windowsOf(conv: ConvGeometry): [number, number, number] {
  const [kd, kh, kw] = conv.kernel;
  const [od, oh, ow] = conv.outSize;
  return [conv.batch, kd * kh * kw, od * oh * ow];
}

/** Every (sample, channel) plane as a one-channel volume one deep, so im2col windows are pooling windows. */
function planeGeometry(g: PoolGeometry): ConvGeometry {
  return volumeGeometry({
    batch: g.batch,
    channels: g.channels,
    inSize: [1, ...g.inSize],
    kernel: [1, ...g.kernel],
    stride: [1, ...g.stride],
    padding: [0, ...g.padding],
    dilation: [1, ...g.dilation],
    outSize: [1, ...g.outSize],
  });
}

/** Every (sample, channel) volume as a one-channel input, so im2col's columns are pooling windows. */
export function volumeGeometry(g: Pool3dGeometry): ConvGeometry {
  return {
    batch: g.batch * g.channels,
    inChannels: 1,
    outChannels: 1,
    groups: 1,
    inSize: g.inSize,
    kernel: g.kernel,
    stride: g.stride,
    dilation: g.dilation,
    padBefore: g.padding,
    outSize: g.outSize,
  };
}

/**
 * PyTorch's divisor per output window: the window clipped to the padded input when padding
 * counts, else clipped to the input itself; `divisorOverride` replaces both.
 */
export function reciprocalDivisors(g: PoolGeometry, opts: AvgPoolOptions, dtype: Dense['dtype']): TypedArray {
  const [oh, ow] = g.outSize;
  const out = allocate(dtype, oh * ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      out[i * ow + j] = 1 / avgPoolDivisor(g, opts, i, j);
    }
  }
  return out;
}

export function avgPoolDivisor(g: PoolGeometry, opts: AvgPoolOptions, i: number, j: number): number {
  if (opts.divisorOverride !== undefined) return opts.divisorOverride;
  const [h, w] = g.inSize;
  let h0 = i * g.stride[0] - g.padding[0];
  let w0 = j * g.stride[1] - g.padding[1];
  let h1 = Math.min(h0 + g.kernel[0], h + g.padding[0]);
  let w1 = Math.min(w0 + g.kernel[1], w + g.padding[1]);
  const padded = (h1 - h0) * (w1 - w0);
  if (opts.countIncludePad) return padded;
  h0 = Math.max(h0, 0);
  w0 = Math.max(w0, 0);
  h1 = Math.min(h1, h);
  w1 = Math.min(w1, w);
  return (h1 - h0) * (w1 - w0);
}
