import type { Backend, DataId, Dense, OptionalKernels, View } from '../backend.js';
import { sizeOf } from '../../shape.js';
import { broadcastView, denseView } from '../views.js';

/**
 * Training-mode batch norm from required kernels, in the order the op-by-op composition ran
 * (sum/n, x − mean, square, sum/n, + eps, √, 1/·), so a backend without fused kernels gets the
 * values it always got. Runs in any floating dtype: every step stays in x's.
 */
export function batchNormForward(
  b: Backend,
  x: Dense,
  weight: Dense | null,
  bias: Dense | null,
  eps: number,
): ReturnType<OptionalKernels['batchNormForward']> {
  const k = channelKit(b, x);
  const mean = k.channelMean(k.full(x.id));
  const centered = k.temp(b.binary('sub', k.full(x.id), k.perChannel(mean), x.dtype));
  const squares = k.temp(b.unary('square', k.full(centered)));
  const variance = k.channelMean(k.full(squares));
  const std = k.temp(b.unary('sqrt', k.channel(k.temp(b.binary('add', k.channel(variance), k.scalar(eps), x.dtype)))));
  const invStd = b.unary('reciprocal', k.channel(std));
  const scale = weight ? k.temp(b.binary('mul', k.channel(invStd), k.channel(weight.id), x.dtype)) : invStd;
  const scaled = b.binary('mul', k.full(centered), k.perChannel(scale), x.dtype);
  const out = bias ? b.binary('add', k.full(k.temp(scaled)), k.perChannel(bias.id), x.dtype) : scaled;
  k.disposeTemps();
  return { out, mean, variance, invStd };
}

export function batchNormBackward(
  b: Backend,
  x: Dense,
  dy: Dense,
  mean: Dense,
  invStd: Dense,
  weight: Dense | null,
): ReturnType<OptionalKernels['batchNormBackward']> {
  const k = channelKit(b, x);
  const centered = k.temp(b.binary('sub', k.full(x.id), k.perChannel(mean.id), x.dtype));
  const xhat = k.temp(b.binary('mul', k.full(centered), k.perChannel(invStd.id), x.dtype));
  const dbias = b.reduce('sum', k.full(dy.id), k.axes);
  const dweight = b.reduce('sum', k.full(k.temp(b.binary('mul', k.full(dy.id), k.full(xhat), x.dtype))), k.axes);
  // dx = (dy − dbias/n − x̂·dweight/n)·weight·invStd
  const meanDy = k.temp(b.binary('div', k.channel(dbias), k.scalar(k.count), x.dtype));
  const meanDyXhat = k.temp(b.binary('div', k.channel(dweight), k.scalar(k.count), x.dtype));
  const shifted = k.temp(b.binary('sub', k.full(dy.id), k.perChannel(meanDy), x.dtype));
  const projected = k.temp(b.binary('mul', k.full(xhat), k.perChannel(meanDyXhat), x.dtype));
  const residual = k.temp(b.binary('sub', k.full(shifted), k.full(projected), x.dtype));
  const scale = weight ? k.temp(b.binary('mul', k.channel(invStd.id), k.channel(weight.id), x.dtype)) : invStd.id;
  const dx = b.binary('mul', k.full(residual), k.perChannel(scale), x.dtype);
  k.disposeTemps();
  return { dx, dweight, dbias };
}

/**
 * Views of buffers as x's full shape, as one value per channel ([1, C, 1, …]) and as that
 * broadcast over x, plus the temporaries to free once the kernel is done.
 */
function channelKit(b: Backend, x: Dense) {
  const shape = x.shape.map((d, i) => (i === 1 ? d : 1));
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const count = sizeOf(x.shape) / x.shape[1]!;
  const temps: DataId[] = [];
  const kit = {
    axes,
    count,
    full: (id: DataId): View => denseView(id, x.shape, x.dtype),
    channel: (id: DataId): View => denseView(id, shape, x.dtype),
    perChannel: (id: DataId): View => broadcastView(denseView(id, shape, x.dtype), x.shape),
    scalar: (value: number): View => broadcastView(denseView(kit.temp(b.fill(1, value, x.dtype)), [], x.dtype), shape),
    temp(id: DataId): DataId {
      temps.push(id);
      return id;
    },
    /** Σ over every axis but 1, then ÷ n, as `mean` composes it. */
    channelMean(v: View): DataId {
      const sum = kit.temp(b.reduce('sum', v, axes));
      return b.binary('div', kit.channel(sum), kit.scalar(count), x.dtype);
    },
    disposeTemps(): void {
      for (const id of temps) b.disposeData(id);
    },
  };
  return kit;
}
